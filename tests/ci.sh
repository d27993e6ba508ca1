#!/bin/sh
# ci.sh - the CI outputs of the bondsim command: --junit and --tap.
#
#  1. golden files: tests/golden/ci.ini gives exactly tests/golden/ci.tap and
#     tests/golden/ci.junit.xml (the testsuite's time, CPU seconds, left out);
#  2. every JUnit file validates against tests/junit.xsd (xmllint), and a
#     file the schema must refuse is refused;
#  3. exit codes stay 0 / 1 / 2; a run that stopped early is one more
#     testcase with an <error>; --tap's plan matches its tests;
#  4. the JUnit file is all or nothing: never written for a refused
#     scenario, never half-written, an old one replaced whole.
# Prints "N passed, M failed" and exits non-zero if anything failed.
set -u
BONDSIM=${BONDSIM:-./bondsim}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
valid() { xmllint --noout --schema tests/junit.xsd "$1" 2>"$TMP/xmllint.err"; }
suite_time() { sed '/<testsuite/s/time="[0-9.]*"/time="T"/' "$1"; }

# 1. golden files; two expectations fail on purpose: exit 1
"$BONDSIM" tests/golden/ci.ini --tap >"$TMP/ci.tap" 2>"$TMP/ci.err"
rc=$?
[ $rc -eq 1 ] && ok || bad "ci.ini --tap: exit $rc, want 1 ($(cat "$TMP/ci.err"))"
if cmp -s "$TMP/ci.tap" tests/golden/ci.tap; then ok
else bad "--tap differs from tests/golden/ci.tap: $(diff tests/golden/ci.tap "$TMP/ci.tap" | head -20)"; fi
"$BONDSIM" tests/golden/ci.ini --quiet --junit "$TMP/ci.xml" >"$TMP/ci.out" 2>&1
rc=$?
[ $rc -eq 1 ] && ok || bad "ci.ini --junit: exit $rc, want 1"
suite_time "$TMP/ci.xml" >"$TMP/ci.norm.xml"
if cmp -s "$TMP/ci.norm.xml" tests/golden/ci.junit.xml; then ok
else bad "--junit differs from tests/golden/ci.junit.xml: $(diff tests/golden/ci.junit.xml "$TMP/ci.norm.xml" | head -20)"; fi
# --quiet still prints the failures on stdout beside --junit FILE
if grep -q '^FAIL  server.eth0.tx_bytes > 1MiB  (actual 521000 bytes)$' "$TMP/ci.out"; then ok
else bad "--quiet --junit: stdout was '$(cat "$TMP/ci.out")'"; fi
# the time is a number of seconds, the same on both elements
if grep -Eq '<testsuite name="tests/golden/ci.ini" tests="7" failures="2" errors="0" skipped="0" time="[0-9]+\.[0-9]{3}">' "$TMP/ci.xml"; then ok
else bad "testsuite element: $(grep '<testsuite ' "$TMP/ci.xml")"; fi
# --junit - is the JUnit on stdout, instead of the report
"$BONDSIM" tests/golden/ci.ini --junit - >"$TMP/stdout.xml" 2>/dev/null
suite_time "$TMP/stdout.xml" | cmp -s - tests/golden/ci.junit.xml && ok || bad "--junit - differs from the golden file"

# 2. the schema: every JUnit bondsim writes validates, a broken one does not
valid "$TMP/ci.xml" && ok || bad "ci.xml does not validate: $(cat "$TMP/xmllint.err")"
"$BONDSIM" scenarios/mode0_single_switch.ini --quiet --junit "$TMP/pass.xml" >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && ok || bad "mode0_single_switch --junit: exit $rc, want 0"
valid "$TMP/pass.xml" && ok || bad "pass.xml does not validate: $(cat "$TMP/xmllint.err")"
grep -q 'tests="7" failures="0" errors="0"' "$TMP/pass.xml" && ok || bad "pass.xml: $(grep '<testsuite ' "$TMP/pass.xml")"
# a batch: the verdicts over the runs
"$BONDSIM" tests/worlds/runs_stats.ini --quiet --junit "$TMP/batch.xml" >/dev/null 2>&1
rc=$?
[ $rc -eq 0 ] && ok || bad "runs_stats --junit: exit $rc, want 0"
valid "$TMP/batch.xml" && ok || bad "batch.xml does not validate: $(cat "$TMP/xmllint.err")"
grep -q '<property name="runs" value="5"/>' "$TMP/batch.xml" && ok || bad "batch.xml: no runs property"
# a run stopped by --max-events: exit 1, an <error> testcase after the expectations
"$BONDSIM" scenarios/mode0_single_switch.ini --max-events 1000 --quiet --junit "$TMP/stop.xml" >/dev/null 2>&1
rc=$?
[ $rc -eq 1 ] && ok || bad "--max-events --junit: exit $rc, want 1"
valid "$TMP/stop.xml" && ok || bad "stop.xml does not validate: $(cat "$TMP/xmllint.err")"
if grep -q '<error message="stopped by --max-events at t=0.112223 s" type="run"/>' "$TMP/stop.xml" &&
   grep -q 'tests="8" failures="4" errors="1"' "$TMP/stop.xml"; then ok
else bad "stop.xml: $(grep -e '<error' -e '<testsuite ' "$TMP/stop.xml")"; fi
"$BONDSIM" scenarios/mode0_single_switch.ini --max-events 1000 --tap >"$TMP/stop.tap" 2>/dev/null
if tail -4 "$TMP/stop.tap" | head -1 | grep -qx 'not ok 8 - the run completes' && grep -qx '1..8' "$TMP/stop.tap"; then ok
else bad "--max-events --tap: $(tail -4 "$TMP/stop.tap")"; fi
# the schema refuses what Jenkins would: no classname, a failure outside a testcase, a bad time
sed 's/ classname="[^"]*"//' "$TMP/ci.xml" >"$TMP/b1.xml"
sed 's/<testcase name="flow.f.lost == 0"[^>]*\/>/<failure message="x"\/>/' "$TMP/ci.xml" >"$TMP/b2.xml"
sed '/<testsuite /s/time="[0-9.]*"/time="soon"/' "$TMP/ci.xml" >"$TMP/b3.xml"
for b in b1 b2 b3; do
	if cmp -s "$TMP/$b.xml" "$TMP/ci.xml"; then bad "$b: the edit changed nothing"; continue; fi
	valid "$TMP/$b.xml" && bad "$b.xml validates, but the schema must refuse it" || ok
done

# 3. TAP on a passing scenario: exit 0, a plan, "ok" for each, nothing else on stdout
"$BONDSIM" scenarios/mode0_static_lag.ini --tap >"$TMP/pass.tap" 2>/dev/null
rc=$?
[ $rc -eq 0 ] && ok || bad "mode0_static_lag --tap: exit $rc, want 0"
plan=$(sed -n '2s/^1\.\.//p' "$TMP/pass.tap")
oks=$(grep -c '^ok [0-9]* - ' "$TMP/pass.tap")
if [ "$(head -1 "$TMP/pass.tap")" = "TAP version 13" ] && [ "$plan" = 7 ] && [ "$oks" = 7 ] &&
   ! grep -q '^not ok' "$TMP/pass.tap" && ! grep -q '== Expectations' "$TMP/pass.tap"; then ok
else bad "--tap on a passing scenario: plan '$plan', $oks ok: $(head -5 "$TMP/pass.tap")"; fi
# one stream on stdout at a time
want='bondsim: --tap, --json - and --junit - each take standard output: give one of them (and a FILE to the others)'
for args in "--tap --json -" "--tap --junit -" "--json - --junit -"; do
	# shellcheck disable=SC2086
	"$BONDSIM" tests/golden/ci.ini $args >"$TMP/o" 2>"$TMP/e"
	rc=$?
	if [ $rc -eq 2 ] && [ "$(cat "$TMP/e")" = "$want" ] && [ ! -s "$TMP/o" ]; then ok
	else bad "$args: exit $rc, stderr '$(cat "$TMP/e")'"; fi
done

# 4. all or nothing: a refused scenario writes no JUnit (exit 2) ...
"$BONDSIM" tests/bad/expect_selector_none.ini --junit "$TMP/refused.xml" >/dev/null 2>&1
rc=$?
if [ $rc -eq 2 ] && [ ! -e "$TMP/refused.xml" ]; then ok; else bad "refused scenario: exit $rc, file written"; fi
# ... a JUnit into a folder that is not there: exit 2, the reason, nothing else written
"$BONDSIM" tests/golden/ci.ini --junit "$TMP/no/such/dir/r.xml" --json "$TMP/r.json" >"$TMP/o" 2>"$TMP/e"
rc=$?
if [ $rc -eq 2 ] && grep -q "^bondsim: --junit: cannot write $TMP/no/such/dir/r.xml" "$TMP/e" && [ ! -e "$TMP/r.json" ]; then ok
else bad "--junit into no folder: exit $rc, '$(cat "$TMP/e")'"; fi
# ... an older JUnit is replaced whole, through a temporary file beside it that does not stay
mkdir "$TMP/keep" && printf 'old' >"$TMP/keep/old.xml"
"$BONDSIM" tests/golden/ci.ini -q --junit "$TMP/keep/old.xml" >/dev/null 2>&1
if valid "$TMP/keep/old.xml" && [ "$(ls -A "$TMP/keep")" = "old.xml" ]; then ok
else bad "an old JUnit file was not replaced cleanly: $(ls -A "$TMP/keep")"; fi
# ... and when the --json beside it cannot be written, the JUnit is not written either
"$BONDSIM" tests/golden/ci.ini -q --json "$TMP/nowhere/r.json" --junit "$TMP/keep/new.xml" >/dev/null 2>&1
rc=$?
if [ $rc -eq 2 ] && [ ! -e "$TMP/keep/new.xml" ]; then ok; else bad "--json failed, --junit written anyway (exit $rc)"; fi
# ... and that is said before the run, not after it: no report on stdout
"$BONDSIM" tests/golden/ci.ini --junit "$TMP/nowhere/j.xml" >"$TMP/nw.out" 2>"$TMP/nw.err"
rc=$?
if [ $rc -eq 2 ] && [ ! -s "$TMP/nw.out" ] &&
   [ "$(cat "$TMP/nw.err")" = "bondsim: --junit: cannot write $TMP/nowhere/j.xml: No such file or directory" ]; then ok
else bad "--junit into a folder that is not there: exit $rc, $(head -c 200 "$TMP/nw.out"), '$(cat "$TMP/nw.err")'"; fi
# a scenario refused at load: TAP says why with "Bail out!", exit 2
"$BONDSIM" tests/bad/expect_metric.ini --tap >"$TMP/bail.tap" 2>/dev/null
rc=$?
if [ $rc -eq 2 ] && [ "$(sed -n 2p "$TMP/bail.tap")" = "Bail out! $(sed -n '1s/^# error: //p' tests/bad/expect_metric.ini)" ]; then ok
else bad "--tap on a refused scenario: exit $rc, $(cat "$TMP/bail.tap")"; fi

# 5. examples/: the script both CI jobs run, over a folder of scenarios
mkdir "$TMP/repo"
cp tests/golden/ci.ini scenarios/mode0_static_lag.ini "$TMP/repo/"
BONDSIM=$BONDSIM sh examples/run-scenarios.sh "$TMP/repo" "$TMP/junit" >/dev/null 2>"$TMP/e"
rc=$?
if [ $rc -eq 1 ] && [ "$(ls "$TMP/junit" | tr '\n' ' ')" = "ci.xml mode0_static_lag.xml " ] &&
   [ "$(cat "$TMP/e")" = "bondsim: $TMP/repo/ci.ini: exit 1" ]; then ok
else bad "run-scenarios.sh: exit $rc, $(ls "$TMP/junit"), '$(cat "$TMP/e")'"; fi
for x in "$TMP"/junit/*.xml; do valid "$x" && ok || bad "$x does not validate: $(cat "$TMP/xmllint.err")"; done
cp tests/bad/expect_metric.ini "$TMP/repo/"
BONDSIM=$BONDSIM sh examples/run-scenarios.sh "$TMP/repo" "$TMP/junit" >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ] && ok || bad "run-scenarios.sh with a refused scenario: exit $rc, want 2"
grep -q 'junit: junit/\*.xml' examples/gitlab-ci.yml && grep -q 'run-scenarios.sh' examples/gitlab-ci.yml && ok ||
	bad "examples/gitlab-ci.yml does not publish junit/*.xml"
grep -q 'actions/upload-artifact' examples/github-actions.yml && grep -q 'report_paths: junit/\*.xml' examples/github-actions.yml && ok ||
	bad "examples/github-actions.yml does not upload and publish junit/*.xml"
# both jobs install what the build needs (the pkg-config packages of the Makefile)
for y in examples/gitlab-ci.yml examples/github-actions.yml; do
	for p in build-essential pkg-config libglib2.0-dev libyaml-dev; do
		grep 'apt-get install' "$y" | grep -qw -- "$p" && ok || bad "$y does not install $p"
	done
done

# A scenario whose name is not UTF-8 (a Latin-1 'e' acute): the JUnit file is
# still XML a reader takes (the byte becomes U+FFFD).
latin1=$(printf '%s/caf\351.ini' "$TMP")
cp tests/golden/ci.ini "$latin1"
"$BONDSIM" "$latin1" --junit "$TMP/latin1.xml" >/dev/null 2>&1
valid "$TMP/latin1.xml" && ok || bad "a Latin-1 file name: $(cat "$TMP/xmllint.err")"
# ... and --tap's YAML blocks are valid UTF-8, the control characters of a
# name (SOH, TAB, ESC) escaped inside the double quotes.
nasty=$(printf '%s/caf\351\001\t\033.ini' "$TMP")
cp tests/golden/ci.ini "$nasty"
"$BONDSIM" "$nasty" --tap >"$TMP/nasty.tap" 2>/dev/null
want=$(printf '  file: "%s/caf\357\277\275\\x01\\t\\e.ini"' "$TMP")
if iconv -f UTF-8 -t UTF-8 "$TMP/nasty.tap" >/dev/null 2>&1 &&
   [ "$(grep -c '^  file: ' "$TMP/nasty.tap")" = 7 ] &&
   [ "$(grep -cxF "$want" "$TMP/nasty.tap")" = 7 ]; then ok
else bad "--tap with a Latin-1 name holding control characters: $(grep -m1 '^  file: ' "$TMP/nasty.tap" | od -c | head -5)"; fi
# ... and its JUnit file is XML 1.0 a reader takes: the control characters
# SOH and ESC, which XML 1.0 forbids even as "&#x1;", are U+FFFD; TAB is
# "&#9;", as a tab standing in an attribute would be read back as a space.
"$BONDSIM" "$nasty" --junit "$TMP/nasty.xml" >/dev/null 2>&1
want=$(printf '<testsuite name="%s/caf\357\277\275\357\277\275&#9;\357\277\275.ini" ' "$TMP")
if valid "$TMP/nasty.xml" && grep -qF "$want" "$TMP/nasty.xml" && ! grep -q '&#x' "$TMP/nasty.xml"; then ok
else bad "--junit with control characters in the name: $(cat "$TMP/xmllint.err"; grep -m1 '<testsuite ' "$TMP/nasty.xml" | od -c | head -5)"; fi

echo "ci: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
