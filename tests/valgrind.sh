#!/bin/sh
# valgrind.sh - three scenarios under valgrind memcheck: no invalid access,
# no uninitialised read, no definite or indirect leak.  Each stops after
# 300,000 events (--max-events) with every output (--out, --json), so the
# report writers are checked too; the [expect] lines are not the point
# here (exit 1 is fine), valgrind's verdict is (exit 3).
set -u
BONDSIM=${BONDSIM:-./bondsim}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
for s in scenarios/mode1_failover.ini scenarios/mode0_two_switches.ini tests/worlds/faults.ini; do
	name=$(basename "$s" .ini)
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=3 --log-file="$TMP/$name.vg" \
		"$BONDSIM" "$s" --max-events 300000 --quiet --out "$TMP/$name" --json "$TMP/$name.json" \
		>/dev/null 2>&1
	rc=$?
	if [ "$rc" -le 1 ] && [ ! -s "$TMP/$name.vg" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $s: exit $rc"
		head -40 "$TMP/$name.vg"
	fi
done
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
