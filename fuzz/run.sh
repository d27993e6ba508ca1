#!/bin/sh
# run.sh MODE SECONDS [TARGET...] - run the fuzz targets of build-fuzz/fuzz/bondsim-fuzz.
#
#   check  each target SECONDS from its seeds (fuzz/corpus/<t>/) alone, with
#          -seed=1 into a scratch corpus, then every file of
#          fuzz/regressions/<t>/ replayed once: what `make check` runs.
#   long   each target SECONDS, its corpus kept in build-fuzz/corpus/<t>/ so
#          that runs build on each other: what `make fuzz` runs.
# No TARGET: every target the binary lists.  A crash, leak, timeout or
# sanitizer report stops with the report and where the input was saved
# (build-fuzz/crashes/<t>/); keep it in fuzz/regressions/<t>/ and fix it.
# Prints one line per target: "== fuzz scenario: 10 s, 81234 execs, no crash".
set -u
mode=${1:?usage: run.sh check|long SECONDS [TARGET...]}
secs=${2:?usage: run.sh check|long SECONDS [TARGET...]}
shift 2
dir=build-fuzz/fuzz
bin=$dir/bondsim-fuzz
[ -x "$bin" ] || { echo "run.sh: $bin is not built (make fuzz-build)"; exit 2; }
targets=${*:-$("$bin" | awk '{ print $1 }')}
# GLib's slab allocator hides use-after-free from ASan
export G_SLICE=always-malloc
# a leak, UB or error is a crash; LSan's report goes with it
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# libFuzzer's own flags: fixed seed, quiet target (stdout and stderr closed;
# reports still reach the log), one input may take 10 s and 2 GB at most.
flags="-seed=1 -timeout=10 -rss_limit_mb=2048 -close_fd_mask=3 -print_final_stats=1"

for t in $targets; do
	if ! "$bin" | awk '{ print $1 }' | grep -qx "$t"; then
		echo "run.sh: no fuzz target '$t'; there are: $("$bin" | awk '{ print $1 }' | tr '\n' ' ')"
		exit 2
	fi
	ln -sf bondsim-fuzz "$dir/fuzz-$t"
	crashes=build-fuzz/crashes/$t
	mkdir -p "$crashes" "fuzz/corpus/$t"
	if [ "$mode" = long ]; then
		work=build-fuzz/corpus/$t
	else
		work=$scratch/$t
	fi
	mkdir -p "$work"
	log=$scratch/$t.log
	# shellcheck disable=SC2086
	"$dir/fuzz-$t" $flags -max_total_time="$secs" -artifact_prefix="$crashes/" \
		"$work" "fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ "$rc" -ne 0 ]; then
		failed=$((failed + 1))
		echo "== fuzz $t: FAILED after ${execs:-?} execs (exit $rc)"
		grep -v "^#\|^INFO:\|^stat::\|NEW_FUNC\| in fuzzer::" "$log" | tail -n 40
		art=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
		if [ -n "$art" ]; then
			echo "   input: $art"
			echo "   replay: $dir/fuzz-$t $art"
			echo "   keep it: cp $art fuzz/regressions/$t/ (then fix the code)"
		fi
		continue
	fi
	echo "== fuzz $t: $secs s, ${execs:-?} execs, no crash"
done

# Every crash ever found, replayed: each file once, no fuzzing.
if [ "$mode" = check ]; then
	for t in $targets; do
		[ -d "fuzz/regressions/$t" ] || continue
		set -- "fuzz/regressions/$t"/*
		[ -e "$1" ] || continue
		log=$scratch/$t.replay.log
		if "$dir/fuzz-$t" -timeout=10 -rss_limit_mb=2048 -close_fd_mask=3 "$@" >"$log" 2>&1; then
			echo "== fuzz $t: $# regression files replayed, no crash"
		else
			failed=$((failed + 1))
			echo "== fuzz $t: a regression file fails again"
			grep -v '^INFO:' "$log" | tail -n 60
		fi
	done
fi
[ "$failed" -eq 0 ] || { echo "fuzz: $failed failed"; exit 1; }
