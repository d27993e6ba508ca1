#!/bin/sh
# run.sh - bondsim on the ns-3 peer benchmark's workloads (make bench).
#
#  B  the event kernel, hold model, 1e7 events, K = 1, 1000, 1000000 pending
#  A  N hosts on one switch, UDP CBR host i -> i+1, 1500-byte IP packets,
#     1 Gbit/s full-duplex cables with 10 us delay, 100-frame queues:
#     500 Mbit/s for 2 s (ns-3's lossless full-duplex row A'') and
#     100 Mbit/s for 10 s (row A', the lossless switched one)
# For each: wall time, peak RSS, packets received per wall second, and the
# ns-3 3.37 median from ../shared/bench/ns3/results.txt where there is one.
# Wall times vary with the machine's load: this is a benchmark, not a test.
set -eu
BONDSIM=${BONDSIM:-./bondsim}
EVBENCH=${EVBENCH:-build/bench/evbench}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

echo "B: event kernel (hold model, 1e7 events; ns-3 MapScheduler ns/event: K=1 61, K=1000 153, K=1e6 1114)"
for k in 1 1000 1000000; do
	"$EVBENCH" "$k" 10000000
done

# ns-3 medians (wall s) for the same rows, from results.txt
ns3() {
	case "$1" in
	500M-4) echo 2.231 ;; 500M-16) echo 10.177 ;; 500M-64) echo 65.451 ;;
	100M-4) echo 1.939 ;; 100M-16) echo 7.854 ;; 100M-64) echo 33.614 ;;
	esac
}

echo
echo "A: switched UDP CBR"
printf '%-6s %4s %5s %10s %9s %12s %14s %10s %8s\n' rate N sim_s events wall_s rss_MiB rcvd_pkts rcvd/wall_s vs_ns3
for row in "500M 2" "100M 10"; do
	set -- $row
	rate=$1; secs=$2
	for n in 4 16 64; do
		bench/switched.sh "$n" "$rate" "$secs" >"$TMP/a.ini"
		/usr/bin/time -f "%e %M" -o "$TMP/time" "$BONDSIM" "$TMP/a.ini" --quiet --json "$TMP/a.json" >/dev/null
		read -r wall rss <"$TMP/time"
		python3 - "$TMP/a.json" "$rate" "$n" "$secs" "$wall" "$rss" "$(ns3 "$rate-$n")" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rate, n, secs, wall, rss, ns3 = sys.argv[2:8]
rcvd = sum(f["received"] for f in d["flows"])
wall = max(float(wall), 0.01)
speed = "%.1fx" % (float(ns3) / wall) if ns3 else "-"
print("%-6s %4s %5s %10d %9.2f %12.1f %14d %10.0f %8s" % (rate, n, secs, d["events"], wall,
      int(rss) / 1024, rcvd, rcvd / wall, speed))
PY
	done
done
