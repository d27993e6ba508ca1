#!/bin/sh
# run.sh - bondsim and ns-3 side by side on the same workloads (make bench).
#
# Each workload runs A B A B A B: bondsim, then the ns-3 peer program, three
# pairs (QUICK=1: one pair, short simulated times), in one session, so both
# see the same machine; a shared machine's load swings by 2x within minutes,
# which makes numbers recorded at another time useless for a ratio.  The
# table gives medians.
#
#  W1  N = 4, 16, 64 hosts on one learning switch, UDP 100 Mbit/s each, 1500-
#      byte IP packets, 1 Gbit/s 10 us cables, 100-frame queues, 10 s
#      (bench/switched.sh); ns-3: switched --topo=csma (row A' of
#      bench/ns3/README.md, lossless, so both deliver the same packets).
#  W2  the event kernel, hold model, K = 1000 and 1e6 pending, 1e7 events
#      (bench/evbench.c); ns-3: evbench --sched=map and --sched=heap, the
#      ratio against the faster of the two.
#  W3  16 servers with 802.3ad bonds on one LACP switch: bench/w3.sh, bondsim
#      only (ns-3 has no bonding).
#  W4  1,024 hosts on a leaf-spine: bench/w4.sh 256|512|1024, bondsim only.
#
# PAIRS, W1_SECONDS and W2_EVENTS override the defaults (on a loaded
# machine ns-3's 10 s run at N = 64 alone can take minutes).
# Peak RSS and CPU time (user + sys) are the run's own rusage, to the
# microsecond (bench/rusage.c).  Every run is one line of key=value in
# $BENCH_OUT/raw.txt; bench/report.py makes the table ($BENCH_OUT/table.md)
# from those lines.  A benchmark, not a test: never part of make check.
set -eu
BONDSIM=${BONDSIM:-./bondsim}
EVBENCH=${EVBENCH:-build/bench/evbench}
RUSAGE=${RUSAGE:-build/bench/rusage}
NS3=${NS3:-build/bench/ns3}
W3=${W3:-bench/w3.sh}
W4=${W4:-bench/w4.sh}
QUICK=${QUICK:-0}
OUT=${BENCH_OUT:-bench-out}
HERE=$(dirname "$0")

if [ "$QUICK" = 1 ]; then
	PAIRS=${PAIRS:-1}; T1=${W1_SECONDS:-1}; TOTAL=${W2_EVENTS:-1000000}; W4HOSTS=256; FULL=1
else
	PAIRS=${PAIRS:-3}; T1=${W1_SECONDS:-10}; TOTAL=${W2_EVENTS:-10000000}; W4HOSTS="256 512 1024"; FULL=10
fi
HALF=$(echo "$FULL" | awk '{ print $1 / 2 }')
[ -x "$RUSAGE" ] || { echo "bench: $RUSAGE is missing: make $RUSAGE" >&2; exit 1; }
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
RAW=$OUT/raw.txt
unset NS_LOG NS_GLOBAL_VALUE || true
HAVE_NS3=0
[ -x "$NS3/switched" ] && [ -x "$NS3/evbench" ] && HAVE_NS3=1

{
	echo "# bench/run.sh $(date -u +%Y-%m-%dT%H:%M:%SZ) quick=$QUICK pairs=$PAIRS w1_seconds=$T1 w2_events=$TOTAL"
	echo "# host: $(uname -srm), $(nproc) cpus; load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
	[ "$HAVE_NS3" = 1 ] || echo "prog=ns3-missing"
} >"$RAW"

# timed TAG CMD... - run CMD, stdout to $TMP/TAG.out; sets WALL (s), RSS (KiB)
# and CPU (user + sys, s)
timed() {
	tag=$1; shift
	"$RUSAGE" "$TMP/$tag.rss" "$@" >"$TMP/$tag.out" 2>"$TMP/$tag.err" || {
		echo "bench: failed: $*" >&2; cat "$TMP/$tag.err" >&2; exit 1; }
	set -- $(tail -n 1 "$TMP/$tag.rss")
	RSS=$1
	CPU=$(echo "$2 $3" | awk '{ printf "%.4f", $1 + $2 }')
	WALL=$(echo "$4" | awk '{ printf "%.4f", $1 }')
}

# bondsim_run ROW REP KIND LABEL INI [ARGS...] - one bondsim run, one raw line
bondsim_run() {
	row=$1 rep=$2 kind=$3 label=$4 ini=$5; shift 5
	timed b "$BONDSIM" "$ini" --quiet --json "$TMP/b.json" "$@"
	echo "row=$row prog=bondsim rep=$rep kind=$kind label=$label wall_s=$WALL rss_kb=$RSS cpu_s=$CPU $EXTRA" \
		"$(python3 "$HERE/report.py" json "$TMP/b.json")" >>"$RAW"
	printf '  %-14s bondsim %6.2f s\n' "$label" "$WALL"
}

# result_run ROW PROG REP KIND LABEL CMD... - one run of a RESULT-printing program
result_run() {
	row=$1 prog=$2 rep=$3 kind=$4 label=$5; shift 5
	timed r "$@"
	echo "row=$row prog=$prog rep=$rep kind=$kind label=$label wall_s=$WALL rss_kb=$RSS cpu_s=$CPU" \
		"$(python3 "$HERE/report.py" result "$(grep '^RESULT' "$TMP/r.out")")" >>"$RAW"
	printf '  %-14s %-8s %6.2f s\n' "$label" "$prog" "$WALL"
}

echo "== W1: N hosts on one switch, UDP 100 Mbit/s each, ${T1} s ($PAIRS pair(s), bondsim then ns-3)"
EXTRA=""
for n in 4 16 64; do
	"$HERE/switched.sh" "$n" 100M "$T1" >"$TMP/w1.ini"
	rep=1
	while [ "$rep" -le "$PAIRS" ]; do
		bondsim_run "w1-$n" "$rep" switched "W1_N=${n}_${T1}s" "$TMP/w1.ini"
		[ "$HAVE_NS3" = 0 ] || result_run "w1-$n" ns3 "$rep" switched "W1_N=${n}_${T1}s" \
			"$NS3/switched" --topo=csma --proto=udp --n="$n" --rate=100Mbps --time="$T1"
		rep=$((rep + 1))
	done
done

echo "== W2: event kernel, hold model, $TOTAL events (bondsim, ns-3 map, ns-3 heap)"
for k in 1000 1000000; do
	rep=1
	while [ "$rep" -le "$PAIRS" ]; do
		result_run "w2-$k" bondsim "$rep" kernel "W2_K=$k" "$EVBENCH" "$k" "$TOTAL"
		if [ "$HAVE_NS3" = 1 ]; then
			for s in map heap; do
				result_run "w2-$k" "ns3-$s" "$rep" kernel "W2_K=$k" \
					"$NS3/evbench" --k="$k" --total="$TOTAL" --sched="$s"
			done
		fi
		rep=$((rep + 1))
	done
done

echo "== W3: 16 servers, 802.3ad bonds of 2 x 10 Gbit/s, one LACP switch (bondsim only)"
if [ -x "$W3" ]; then
	"$W3" >"$TMP/w3.ini"
	W3SET=""
	if [ "$QUICK" = 1 ]; then
		# half a second of traffic: the run ends 0.5 s after the last flow's start
		W3SET="--set sim.duration=$(awk '
			/^start *=/ { v = $3; u = v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u)
				f = u == "ms" ? 1e-3 : u == "us" ? 1e-6 : u == "ns" ? 1e-9 : 1
				if (v * f > m) m = v * f }
			END { printf "%gs", m + 0.5 }' "$TMP/w3.ini")"
	fi
	rep=1
	while [ "$rep" -le "$PAIRS" ]; do
		# shellcheck disable=SC2086
		bondsim_run w3 "$rep" w3 W3 "$TMP/w3.ini" $W3SET
		# and half as long: peak RSS when the simulated time doubles, with loss
		[ "$QUICK" = 1 ] || bondsim_run rss-w3-half "$rep" w3 W3_5s "$TMP/w3.ini" \
			--set sim.duration=5s
		rep=$((rep + 1))
	done
else
	echo "W3: not yet ($W3 is missing)"
fi

echo "== W4: leaf-spine, 32 hosts per leaf, 4 spines, bonded uplinks (bondsim only)"
if [ -x "$W4" ]; then
	for h in $W4HOSTS; do
		"$W4" "$h" >"$TMP/w4-$h.ini"
	done
	# Rounds of every size (256, 512, 1024, 256, ...), not all runs of one
	# size then the next: this VM's speed drifts by 2x over minutes, and
	# a slow stretch should not fall on one size alone and make the
	# growth with hosts look steeper or flatter than it is.
	rep=1
	while [ "$rep" -le "$PAIRS" ]; do
		for h in $W4HOSTS; do
			EXTRA="hosts=$h"
			bondsim_run "w4-$h" "$rep" w4 "W4_hosts=$h" "$TMP/w4-$h.ini"
		done
		rep=$((rep + 1))
	done
	EXTRA=""
	if [ "$QUICK" != 1 ]; then
		# 256 hosts again, twice the simulated time (3.5 s -> 7 s: 4.5 s of traffic)
		"$W4" 256 100M 4.5 >"$TMP/w4.ini"
		rep=1
		while [ "$rep" -le "$PAIRS" ]; do
			bondsim_run rss-w4-double "$rep" w4long W4_hosts=256_7s "$TMP/w4.ini"
			rep=$((rep + 1))
		done
	fi
else
	echo "W4: not yet ($W4 is missing)"
fi

echo "== peak RSS when the simulated time doubles: W1 N=16, $HALF s and $FULL s"
"$HERE/switched.sh" 16 100M "$HALF" >"$TMP/half.ini"
"$HERE/switched.sh" 16 100M "$FULL" >"$TMP/full.ini"
# A 4 MiB process's peak RSS moves by 0.3 MiB from run to run: the
# medians of 5 pairs at least (a second of CPU in all), whatever PAIRS.
rss_pairs=$((PAIRS > 5 ? PAIRS : 5))
rep=1
while [ "$rep" -le "$rss_pairs" ]; do
	bondsim_run rss-half "$rep" switched "W1_N=16_${HALF}s" "$TMP/half.ini"
	bondsim_run rss-full "$rep" switched "W1_N=16_${FULL}s" "$TMP/full.ini"
	rep=$((rep + 1))
done
echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RAW"

echo
python3 "$HERE/report.py" table "$RAW" "$QUICK" | tee "$OUT/table.md"
echo
echo "machine load (1, 5, 15 min): $(sed -n 's/^# host: .*load at start: //p' "$RAW") at the start," \
	"$(sed -n 's/^# load at end: //p' "$RAW") at the end ($(nproc) cpus)" | tee -a "$OUT/table.md"
echo "raw runs: $RAW, table: $OUT/table.md"
