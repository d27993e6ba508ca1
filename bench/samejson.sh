#!/bin/sh
# samejson.sh BASE NEW [JOBS] - run every scenarios/*.ini and tests/worlds/*.ini
# with --json under two bondsim binaries and cmp the reports (JSON and text)
# byte for byte: for a change that must not move any result (a data
# structure, a speed-up).  Prints one line per scenario (same / DIFFERENT /
# EXIT DIFFERS / NO JSON) and exits non-zero unless every report is the same.  A scenario that exits
# non-zero on purpose (an [expect] that fails) still has its JSON compared,
# as long as both binaries exit alike.  JOBS (default 2) scenarios at once.
set -u
usage='usage: samejson.sh BASE NEW [JOBS]'
base=$(realpath "${1:?$usage}")
new=$(realpath "${2:?$usage}")
jobs=${3:-2}
self=$(realpath "$0")
cd "$(dirname "$self")/.." || exit 1

if [ -n "${SAMEJSON_DIR:-}" ]; then
	# one scenario (the script calls itself through xargs): $4 is the .ini
	ini=$4
	t=$SAMEJSON_DIR/$(echo "$ini" | tr / _)
	"$base" "$ini" --json "$t.b.json" >"$t.b.out" 2>"$t.b.err"
	rb=$?
	"$new" "$ini" --json "$t.n.json" >"$t.n.out" 2>"$t.n.err"
	rn=$?
	if [ "$rb" != "$rn" ]; then
		echo "EXIT DIFFERS $ini: $rb vs $rn"
	elif [ ! -s "$t.b.json" ]; then
		echo "NO JSON $ini (exit $rb): $(head -c 200 "$t.b.err")"
	elif cmp -s "$t.b.json" "$t.n.json" && cmp -s "$t.b.out" "$t.n.out"; then
		echo "same $ini (exit $rb, $(wc -c <"$t.b.json") bytes)"
	else
		echo "DIFFERENT $ini"
	fi
	rm -rf "$t".*
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ls scenarios/*.ini tests/worlds/*.ini |
	SAMEJSON_DIR=$tmp xargs -P "$jobs" -n 1 "$self" "$base" "$new" "$jobs" >"$tmp/out"
sort "$tmp/out"
echo "$(grep -c '^same ' "$tmp/out") of $(wc -l <"$tmp/out") the same"
! grep -qv '^same ' "$tmp/out"
