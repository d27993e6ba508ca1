#!/bin/sh
# scaling.sh - what a bondsim run costs: wall time and peak RSS against
# simulated time, hosts and offered load, the cost model fitted to them, and
# graphs (make bench, after the table).
#
# The workload is W1's (bench/switched.sh: N hosts on one switch, UDP CBR
# host i -> i+1, 1500-byte packets, 1 Gbit/s cables):
#   time   N = 16, 100 Mbit/s, 1 2 4 8 s simulated
#   hosts  N = 4 8 16 32 64, 100 Mbit/s, 2 s (and bench/w4.sh 256 512 1024
#          when it exists: another topology, so its own points)
#   load   N = 16, 50 100 200 400 800 Mbit/s per host, 2 s
# and where the model should break, one run each:
#   tcp       N = 4, one TCP bulk stream per host instead of UDP, 1 s
#   overflow  N = 16, 1200 Mbit/s offered on 1 Gbit/s NICs, 1 s
#   flood     N = 16, 100 Mbit/s, MAC aging 1 us: every frame is flooded, 1 s
# Each point of the three axes is the run of median wall time of $REPS
# (default 3); its CPU time (user + sys, to the microsecond: bench/rusage.c)
# is kept beside it.
# On a machine shared with other jobs the wall time is mostly waiting for a
# core, so the model is fitted to the CPU time, which is what one run costs
# on a core of its own (the wall time is fitted too, for comparison).
# bench/fit.py fits time = c x frame-hops through the axes' points (a
# frame-hop: one frame sent onto one cable, see bench/report.py), prints c,
# the worst residual and how far each break lies off the line, and
# plots/bench_*.gp draw $BENCH_OUT/bench_{cost,time,hosts,load}.png.
set -eu
BONDSIM=${BONDSIM:-./bondsim}
RUSAGE=${RUSAGE:-build/bench/rusage}
W4=${W4:-bench/w4.sh}
OUT=${BENCH_OUT:-bench-out}
REPS=${REPS:-3}
HERE=$(dirname "$0")
PLOTS=${PLOTS:-$HERE/../plots}
[ -x "$RUSAGE" ] || { echo "scaling: $RUSAGE is missing: make $RUSAGE" >&2; exit 1; }
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
DAT=$OUT/scaling.dat
echo "# group label hosts rate_mbps sim_s wall_s rss_mib events frame_hops delivered cpu_s" >"$DAT"

# point GROUP LABEL HOSTS RATE_MBPS REPS INI [ARGS...] - median wall and RSS of REPS runs
point() {
	group=$1 label=$2 hosts=$3 rate=$4 reps=$5 ini=$6; shift 6
	: >"$TMP/walls"
	r=0
	while [ "$r" -lt "$reps" ]; do
		"$RUSAGE" "$TMP/rss" "$BONDSIM" "$ini" --quiet --json "$TMP/p.json" "$@" \
			>/dev/null 2>"$TMP/err" || { echo "scaling: failed: $BONDSIM $ini $*" >&2; cat "$TMP/err" >&2; exit 1; }
		tail -n 1 "$TMP/rss" | awk '{ printf "%.4f %d %.4f\n", $4, $1, $2 + $3 }' >>"$TMP/walls"
		r=$((r + 1))
	done
	# the run of median wall time; its CPU time (user + sys) beside it
	set -- $(sort -n "$TMP/walls" | awk '{ w[NR] = $1; m[NR] = $2; c[NR] = $3 } END { i = int((NR + 1) / 2); print w[i], m[i], c[i] }')
	eval "$(python3 "$HERE/report.py" json "$TMP/p.json" | tr ' ' '\n' | sed 's/^/J_/')"
	printf '%s %s %s %s %s %s %.2f %s %s %s %s\n' "$group" "$label" "$hosts" "$rate" "$J_sim_s" "$1" \
		"$(echo "$2" | awk '{ print $1 / 1024 }')" "$J_events" "$J_frame_hops" "$J_delivered" "$3" >>"$DAT"
	printf '  %-8s %-18s wall %7.3f s  CPU %6.2f s  RSS %7.1f MiB  %10s frame-hops\n' "$group" "$label" \
		"$1" "$3" "$(echo "$2" | awk '{ print $1 / 1024 }')" "$J_frame_hops"
}

echo "== scaling: wall and peak RSS against simulated time, hosts, offered load (median of $REPS)"
for t in 1 2 4 8; do
	"$HERE/switched.sh" 16 100M "$t" >"$TMP/w.ini"
	point time "N=16_${t}s" 16 100 "$REPS" "$TMP/w.ini"
done
for n in 4 8 16 32 64; do
	"$HERE/switched.sh" "$n" 100M 2 >"$TMP/w.ini"
	point hosts "N=${n}" "$n" 100 "$REPS" "$TMP/w.ini"
done
for m in 50 100 200 400 800; do
	"$HERE/switched.sh" 16 "${m}M" 2 >"$TMP/w.ini"
	point load "${m}M" 16 "$m" "$REPS" "$TMP/w.ini"
done
HAVE_W4=0
if [ -x "$W4" ]; then
	HAVE_W4=1
	for h in 256 512 1024; do
		"$W4" "$h" >"$TMP/w.ini"
		point w4 "W4_${h}" "$h" 0 1 "$TMP/w.ini"
	done
else
	echo "  (W4: not yet, $W4 is missing)"
fi
echo "== where the model breaks (one run each)"
"$HERE/switched.sh" 4 100M 1 | awk '/^\[flow/ { print; print "type = tcp"; next } /^(rate|size) =/ { next } { print }' >"$TMP/w.ini"
point tcp "TCP_N=4" 4 0 1 "$TMP/w.ini"
"$HERE/switched.sh" 16 1200M 1 >"$TMP/w.ini"
point overflow "1200M_N=16" 16 1200 1 "$TMP/w.ini"
"$HERE/switched.sh" 16 100M 1 >"$TMP/w.ini"
point flood "aging_1us_N=16" 16 100 1 "$TMP/w.ini" --set sw.aging=1us

echo
python3 "$HERE/fit.py" "$DAT" | tee "$OUT/costmodel.txt"
if command -v gnuplot >/dev/null 2>&1; then
	c=$(sed -n 's/^c_ns = //p' "$OUT/costmodel.txt")
	for g in cost time hosts load; do
		# drawn beside its place, renamed in once gnuplot is done: never half a PNG
		part="$OUT/.bench_$g.png.part"
		if gnuplot -e "dat='$DAT'; out='$part'; c_ns=$c; w4=$HAVE_W4" "$PLOTS/bench_$g.gp"; then
			mv -f "$part" "$OUT/bench_$g.png"
		else
			rm -f "$part"
			echo "scaling: gnuplot could not draw $OUT/bench_$g.png with $PLOTS/bench_$g.gp" >&2
			exit 1
		fi
	done
	echo "graphs: $OUT/bench_cost.png bench_time.png bench_hosts.png bench_load.png"
else
	echo "graphs: gnuplot is missing (sudo apt-get install -y gnuplot-nox)"
fi
