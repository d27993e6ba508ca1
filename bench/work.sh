#!/bin/sh
# work.sh - W4's work per frame-hop, counted instead of timed (make bench,
# after scaling.sh).
#
# The time W4 takes per frame-hop grows from 256 to 1024 hosts, and the
# VM's clock moves by 30 % from one run to the next.  Whether the growth is
# the code (more work per frame in a bigger world) or the machine (the same
# work waiting longer for memory) is a question a count answers and a clock
# does not: cachegrind counts the instructions each run executes and
# simulates this machine's L1d and L2 (read from sysfs) to count the misses,
# the same numbers on every run.  Each size runs twice, with 0.05 s and
# 0.1 s of traffic; the difference is the steady state, without the 2.5 s
# of LACP and ARP before the traffic.  About 1.5 minutes for the three sizes on 2 cores
# (valgrind runs 50x slower than the program); valgrind is installed when
# root can (apt-get), else the count is skipped with the line to install it.
set -eu
BONDSIM=${BONDSIM:-./bondsim}
W4=${W4:-bench/w4.sh}
OUT=${BENCH_OUT:-bench-out}
HOSTS=${W4_WORK_HOSTS:-256 512 1024}
HERE=$(dirname "$0")
mkdir -p "$OUT"
TXT=$OUT/work.txt
# As bench/ns3/build.sh does for ns-3: installed when it can be, else said.
if ! command -v valgrind >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "== W4 work per frame-hop: installing valgrind"
	if apt-get update -qq; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null || :
	fi
fi
if ! command -v valgrind >/dev/null 2>&1; then
	echo "W4 work per frame-hop: skipped, valgrind is not installed (sudo apt-get install -y valgrind)" | tee "$TXT"
	exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# cache LEVEL - "bytes,ways,line" of cpu0's data or unified cache at LEVEL
cache() {
	for i in /sys/devices/system/cpu/cpu0/cache/index*; do
		[ "$(cat "$i/level" 2>/dev/null)" = "$1" ] || continue
		[ "$(cat "$i/type")" != Instruction ] || continue
		size=$(cat "$i/size")
		case $size in
		*K) size=$((${size%K} * 1024)) ;;
		*M) size=$((${size%M} * 1048576)) ;;
		esac
		echo "$size,$(cat "$i/ways_of_associativity"),$(cat "$i/coherency_line_size")"
		return
	done
}
D1=$(cache 1); LL=$(cache 2)
# Without sysfs (a container may hide it): a common core's.
[ -n "$D1" ] || D1=32768,8,64
[ -n "$LL" ] || LL=1048576,8,64

# one H SECS - a cachegrind run of W4 at H hosts with SECS s of traffic
one() {
	"$W4" "$1" 100M "$2" >"$TMP/w4-$1-$2.ini"
	valgrind --tool=cachegrind --cache-sim=yes --D1="$D1" --LL="$LL" \
		--cachegrind-out-file="$TMP/cg-$1-$2.out" \
		"$BONDSIM" "$TMP/w4-$1-$2.ini" --quiet --json "$TMP/w4-$1-$2.json" \
		>"$TMP/cg-$1-$2.log" 2>&1 || {
		echo "work: failed: valgrind $BONDSIM W4 $1 hosts ($2 s)" >&2
		cat "$TMP/cg-$1-$2.log" >&2
		exit 1
	}
	echo "hosts=$1 secs=$2 $(sed -n 's/^summary: //p' "$TMP/cg-$1-$2.out" |
		awk '{ print "ir=" $1, "dlmr=" $6, "dlmw=" $9 }')" \
		"$(python3 "$HERE/report.py" json "$TMP/w4-$1-$2.json")" >"$TMP/$1-$2.kv"
}

echo "== W4 work per frame-hop: cachegrind, hosts $HOSTS, 0.05 s and 0.1 s of traffic each"
for h in $HOSTS; do
	one "$h" 0.05 & short=$!
	one "$h" 0.1 & long=$!
	# each by its pid: a bare wait would say 0 whatever they said
	wait "$short"
	wait "$long"
	cat "$TMP/$h-0.05.kv" "$TMP/$h-0.1.kv"
done >"$TMP/all.kv"
python3 - "$TMP/all.kv" "$D1" "$LL" <<'EOF' | tee "$TXT"
import sys

runs = {}
for line in open(sys.argv[1]):
    kv = dict(w.split("=", 1) for w in line.split())
    runs[(int(kv["hosts"]), kv["secs"])] = {k: float(v) for k, v in kv.items() if k != "secs"}
d1 = sys.argv[2].split(",")
ll = sys.argv[3].split(",")
print("W4 work per frame-hop (cachegrind; the steady state: a run with 0.1 s of traffic minus one "
      "with 0.05 s; caches simulated as this machine's L1d %d KiB and L2 %d KiB %s-way):"
      % (int(d1[0]) // 1024, int(ll[0]) // 1024, ll[1]))
rows = []
for h in sorted({h for h, _ in runs}):
    a, b = runs[(h, "0.05")], runs[(h, "0.1")]
    fh = b["frame_hops"] - a["frame_hops"]
    row = {k: (b[k] - a[k]) / fh for k in ("ir", "events", "dlmr", "dlmw")}
    rows.append((h, row))
    print("  %5d hosts: %5.0f instructions, %.2f events, %.2f L2 read misses and %.2f write "
          "misses per frame-hop (%d frame-hops)" % (h, row["ir"], row["events"], row["dlmr"],
                                                    row["dlmw"], fh))
if len(rows) > 1:
    (h0, r0), (h1, r1) = rows[0], rows[-1]
    ratio = r1["ir"] / r0["ir"]
    print("  instructions per frame-hop at %d hosts: %.2fx of %d (the work is linear in frames "
          "within 10 %%: %s); L2 read misses %.1fx" % (h1, ratio, h0,
                                                      "yes" if ratio <= 1.10 else "no",
                                                      r1["dlmr"] / max(r0["dlmr"], 1e-9)))
EOF
