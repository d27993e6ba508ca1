#!/bin/sh
# json_same.sh - run every scenarios/*.ini and tests/worlds/*.ini with two
# bondsim binaries and compare their --json reports byte for byte.
#
# Usage: tests/json_same.sh BASE_BONDSIM NEW_BONDSIM [OUTDIR]
# Prints one line per scenario (same / DIFFERS / FAILS) and exits 1 if any
# report differs or any run fails.  The reports stay in OUTDIR (default a
# fresh directory under /tmp) for diffing.
set -u
base=$1
new=$2
out=${3:-$(mktemp -d /tmp/json_same.XXXXXX)}
mkdir -p "$out/base" "$out/new"
rc=0
for ini in scenarios/*.ini tests/worlds/*.ini; do
	name=$(echo "$ini" | tr / _)
	for side in base new; do
		if [ $side = base ]; then bin=$base; else bin=$new; fi
		if ! "$bin" "$ini" --quiet --json "$out/$side/$name.json" \
			>"$out/$side/$name.out" 2>&1; then
			echo "$side fails: $ini" >>"$out/$side/failed"
		fi
	done
	if [ ! -f "$out/base/$name.json" ] && [ ! -f "$out/new/$name.json" ]; then
		echo "no json  $ini"
	elif cmp -s "$out/base/$name.json" "$out/new/$name.json"; then
		echo "same     $ini"
	else
		echo "DIFFERS  $ini"
		rc=1
	fi
done
for side in base new; do
	[ -f "$out/$side/failed" ] && { cat "$out/$side/failed"; rc=1; }
done
echo "reports in $out"
exit $rc
