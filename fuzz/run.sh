#!/bin/sh
# run.sh MODE SECONDS [TARGET...] - run the fuzz targets of build-fuzz/fuzz/bondsim-fuzz.
#
#   check  each target SECONDS from its seeds (fuzz/corpus/<t>/) alone, with
#          -seed=1 into a scratch corpus, then every file of
#          fuzz/regressions/<t>/ replayed once: what `make check` runs.
#   long   each target SECONDS, its corpus kept in build-fuzz/corpus/<t>/ so
#          that runs build on each other: what `make fuzz` runs.
# No TARGET: every target the binary lists.  FUZZ_JOBS targets (2) run at a
# time.  A crash, leak, timeout or sanitizer report shows the report and
# where the input was saved (build-fuzz/crashes/<t>/); keep it in
# fuzz/regressions/<t>/ and fix the code.  One line per target:
# "== fuzz scenario: 10 s, 81234 execs, no crash".
set -u
mode=${1:?usage: run.sh check|long SECONDS [TARGET...]}
secs=${2:?usage: run.sh check|long SECONDS [TARGET...]}
shift 2
dir=build-fuzz/fuzz
bin=$dir/bondsim-fuzz
jobs=${FUZZ_JOBS:-2}
[ -x "$bin" ] || { echo "run.sh: $bin is not built (make fuzz-build)"; exit 2; }
all=$("$bin" | awk '{ print $1 }')
targets=${*:-$all}
for t in $targets; do
	echo "$all" | grep -qx "$t" ||
		{ echo "run.sh: no fuzz target '$t'; there are:" $all; exit 2; }
done
# GLib's slab allocator would hide use-after-free and leaks from ASan
export G_SLICE=always-malloc
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# A fixed seed; the target's stdout and stderr closed (reports still reach
# the log); one input may take 10 s and 2 GB at most.
flags="-seed=1 -timeout=10 -rss_limit_mb=2048 -close_fd_mask=3 -print_final_stats=1"

# fuzz_one TARGET: fuzz it, then its regression files; the verdict in $scratch/TARGET.out
fuzz_one() {
	t=$1
	out=$scratch/$t.out
	log=$scratch/$t.log
	crashes=build-fuzz/crashes/$t
	work=$scratch/$t.corpus
	[ "$mode" = long ] && work=build-fuzz/corpus/$t
	mkdir -p "$crashes" "$work" "fuzz/corpus/$t"
	# shellcheck disable=SC2086
	"$dir/fuzz-$t" $flags -max_total_time="$secs" -artifact_prefix="$crashes/" \
		"$work" "fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ "$rc" -eq 0 ]; then
		echo "== fuzz $t: $secs s, ${execs:-?} execs, no crash" >"$out"
	else
		echo "== fuzz $t: FAILED after ${execs:-?} execs (exit $rc)" >"$out"
		art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		# the input once more, with whole stacks for allocations (leaks)
		if [ -n "$art" ] && ! ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
			"$dir/fuzz-$t" -timeout=10 "$art" >"$log.replay" 2>&1; then
			log=$log.replay
		fi
		grep -v "^#\|^INFO:\|^stat::\|NEW_FUNC\| in fuzzer::\|^Running:\|^Executed" "$log" |
			tail -n 40 >>"$out"
		if [ -n "$art" ]; then
			{
				echo "   input:   $art"
				echo "   replay:  $dir/fuzz-$t $art"
				echo "   keep it: cp $art fuzz/regressions/$t/ (then fix the code)"
			} >>"$out"
		fi
		echo FAILED >"$scratch/$t.failed"
	fi
	# every crash ever found, replayed: each file once, no fuzzing
	[ "$mode" = check ] || return 0
	set -- "fuzz/regressions/$t"/*
	[ -e "$1" ] || return 0
	if ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0 \
		"$dir/fuzz-$t" -timeout=10 -rss_limit_mb=2048 "$@" >"$log.regr" 2>&1; then
		echo "== fuzz $t: $# regression files replayed, no crash" >>"$out"
	else
		{
			echo "== fuzz $t: a regression file fails again"
			grep -v '^INFO:\|^Executed' "$log.regr" | tail -n 40
		} >>"$out"
		echo FAILED >"$scratch/$t.failed"
	fi
}

running=0
printed=""
for t in $targets; do
	ln -sf bondsim-fuzz "$dir/fuzz-$t"
	fuzz_one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
		for p in $targets; do
			[ -e "$scratch/$p.out" ] && ! echo " $printed " | grep -q " $p " &&
				{ cat "$scratch/$p.out"; printed="$printed $p"; }
		done
	fi
done
wait
for p in $targets; do
	echo " $printed " | grep -q " $p " || cat "$scratch/$p.out"
done
failed=$(cd "$scratch" && ls -- *.failed 2>/dev/null | sed 's/\.failed$//' | tr '\n' ' ')
[ -z "$failed" ] || { echo "fuzz: FAILED: $failed"; exit 1; }
