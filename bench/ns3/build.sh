#!/bin/sh
# build.sh DIR - build the ns-3 peer programs (switched, evbench) into DIR.
#
# The ns-3 side of `make bench` is optional: when libns3-dev or g++ is
# missing it installs them if it runs as root on a machine
# with apt-get, else it prints the apt-get line and exits 0 with nothing
# built (so too when a program does not compile against the ns-3 found),
# and bench/run.sh then says "ns-3: not installed" in its table.
#
# Debian's ns-3 .pc files are broken in two ways (found when the programs
# were first built, see bench/ns3/README.md): --cflags gives a '-I/usr;'
# token (the headers are in /usr/include/ns3), and --libs names libgsl dev
# symlinks that exist only with libgsl-dev.  So the include path is given by
# hand and absolute library paths that do not exist are dropped; the ns-3
# libraries carry their own DT_NEEDED on libgsl.
set -eu
out=${1:-build/bench/ns3}
src=$(dirname "$0")
mods="ns3-core ns3-network ns3-csma ns3-bridge ns3-point-to-point ns3-internet ns3-applications ns3-traffic-control"

have() {
	pkg-config --exists $mods 2>/dev/null && command -v g++ >/dev/null 2>&1
}

if ! have; then
	pkgs="libns3-dev g++ pkg-config"
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "== ns-3 peer programs: installing $pkgs"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null || true
	fi
	if ! have; then
		echo "== ns-3: not installed; bondsim's side runs alone. To compare: sudo apt-get install -y $pkgs"
		exit 0
	fi
fi

mkdir -p "$out"
libs=$(pkg-config --libs $mods | tr ' ' '\n' | while read -r w; do
	case "$w" in
	"") ;;
	/*) [ -e "$w" ] && printf '%s ' "$w" ;;
	*) printf '%s ' "$w" ;;
	esac
done)
for p in switched evbench; do
	if [ ! -x "$out/$p" ] || [ "$src/$p.cc" -nt "$out/$p" ]; then
		echo "  CXX     $src/$p.cc (ns-3 $(pkg-config --modversion ns3-core))"
		if ! g++ -O2 -std=c++17 -I/usr/include "$src/$p.cc" -o "$out/$p.tmp" $libs; then
			rm -f "$out/$p.tmp" "$out/switched" "$out/evbench"
			echo "== ns-3: $src/$p.cc did not build against this ns-3; bondsim's side runs alone"
			exit 0
		fi
		mv "$out/$p.tmp" "$out/$p"
	fi
done
