#!/bin/bash
# node_exporter.sh - the real client reads what bondsim leaves under --out.
#
# Runs scenarios/mode1_monitoring.ini (a cable pull at 1.5 s, snapshots at
# 1 s and 2 s) and points Debian's prometheus-node-exporter at each tree,
# with only the collectors that read /sys/class/net and /proc/net/dev (the
# rest would read this machine): bonding, netclass and netdev (netlink off,
# so it reads --path.procfs).  Each exporter listens on a free loopback port
# and is killed on exit.  Checks:
#   before the pull  node_bonding_slaves{master="bond0"} 2, node_bonding_active 2
#   during it        node_bonding_active 1, node_network_carrier{device="eth0"} 0
#   at the end       node_bonding_active 2 again (eth0 back after updelay)
#   and node_network_receive_bytes_total{device="bond0"} equals /proc/net/dev's.
# Prints "N passed, M failed" and exits non-zero if anything failed.
set -u
BONDSIM=${BONDSIM:-./bondsim}
NE=${NODE_EXPORTER:-/usr/bin/prometheus-node-exporter}
TMP=$(mktemp -d)
pid=""
stop() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		pid=""
	fi
}
trap 'stop; rm -rf "$TMP"' EXIT
pass=0
fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

if [ ! -x "$NE" ]; then
	echo "node_exporter.sh: $NE is missing (apt-get install prometheus-node-exporter)" >&2
	exit 1
fi
"$BONDSIM" scenarios/mode1_monitoring.ini --quiet --out "$TMP/out" >/dev/null || {
	echo "FAIL: bondsim scenarios/mode1_monitoring.ini --out"; exit 1; }

# GET /metrics from 127.0.0.1:$1 into $2 (bash's /dev/tcp: no curl needed).
get() {
	{ exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
	printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
	cat <&3 >"$2"
	exec 3<&-
	grep -q '^node_scrape_collector_success' "$2"
}

# scrape SYS PROC OUT: one exporter on those trees, its metrics into OUT.
scrape() {
	local port tries
	for port in $(seq 19180 19199); do
		"$NE" --web.listen-address="127.0.0.1:$port" --path.sysfs="$1" --path.procfs="$2" \
			--collector.disable-defaults --collector.bonding --collector.netclass \
			--collector.netdev --no-collector.netdev.netlink >"$TMP/ne.log" 2>&1 &
		pid=$!
		for tries in $(seq 1 50); do
			if get "$port" "$3"; then
				stop
				return 0
			fi
			kill -0 "$pid" 2>/dev/null || break	# the port was taken: next one
			sleep 0.1
		done
		stop
	done
	echo "FAIL: no exporter answered on 127.0.0.1:19180-19199: $(tail -2 "$TMP/ne.log")"
	return 1
}

# want FILE METRIC VALUE WHAT
want() {
	local got
	got=$(grep -F "$2 " "$1" | grep -v '^#' | awk '{print $2}')
	if [ "$got" = "$3" ]; then ok; echo "   $4: $2 $got"
	else bad "$4: $2 is '$got', want $3"; fi
}

for when in "1.000s:before the pull" "2.000s:eth0 pulled" ":at the end"; do
	at=${when%%:*} what=${when#*:}
	sys=$TMP/out/sysfs${at:+@$at}/server proc=$TMP/out/proc${at:+@$at}/server
	echo "== node_exporter: --path.sysfs=out/sysfs${at:+@$at}/server ($what)"
	scrape "$sys" "$proc" "$TMP/m" || { fail=$((fail + 1)); continue; }
	want "$TMP/m" 'node_scrape_collector_success{collector="bonding"}' 1 "$what"
	want "$TMP/m" 'node_bonding_slaves{master="bond0"}' 2 "$what"
	case $at in
	2.000s)	want "$TMP/m" 'node_bonding_active{master="bond0"}' 1 "$what"
		want "$TMP/m" 'node_network_carrier{device="eth0"}' 0 "$what" ;;
	*)	want "$TMP/m" 'node_bonding_active{master="bond0"}' 2 "$what"
		want "$TMP/m" 'node_network_carrier{device="eth0"}' 1 "$what" ;;
	esac
	rx=$(awk '$1 == "bond0:" {print $2}' "$proc/net/dev")
	want "$TMP/m" 'node_network_receive_bytes_total{device="bond0"}' "$rx" "$what"
done
echo "node_exporter: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
