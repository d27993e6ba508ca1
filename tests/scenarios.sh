#!/bin/sh
# scenarios.sh - end-to-end checks of the bondsim command.
#
#  1. every scenario in scenarios/ runs and its [expect] lines hold (exit 0);
#  2. the same scenario and seed give a byte-identical JSON report and stdout;
#  3. tshark reads every pcap a run writes without a malformed-packet warning;
#  4. every file in tests/bad/ (at least 80) is refused with exit 2, exactly
#     the error its first line announces ("# error: TEXT"), nothing on
#     stdout and nothing written ("# args: ..." on line 2 adds options);
#  5. the CLI's own errors (usage, bad options) exit 2 with their messages.
# Prints "N passed, M failed" and exits non-zero if anything failed.
set -u
BONDSIM=${BONDSIM:-./bondsim}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# want_cli "WHAT" "EXACT STDERR" COMMAND...: exit 2, that message, nothing on stdout.
want_cli() {
	what=$1 want=$2
	shift 2
	"$@" >"$TMP/cli.out" 2>"$TMP/cli.err"
	rc=$?
	if [ $rc -eq 2 ] && [ "$(cat "$TMP/cli.err")" = "$want" ] && [ ! -s "$TMP/cli.out" ]; then ok
	else bad "$what: exit $rc, stderr '$(cat "$TMP/cli.err")', want exit 2 and '$want'"; fi
}

for s in scenarios/*.ini tests/worlds/*.ini; do
	[ -f "$s" ] || continue
	name=$(basename "$s" .ini)
	if "$BONDSIM" "$s" --quiet --json "$TMP/$name.1.json" >"$TMP/$name.out" 2>"$TMP/$name.err"; then
		ok
	else
		bad "$s: exit $? ($(head -c 600 "$TMP/$name.out" "$TMP/$name.err"))"
		continue
	fi
	"$BONDSIM" "$s" --json "$TMP/$name.2.json" >"$TMP/$name.a" 2>/dev/null
	"$BONDSIM" "$s" --json "$TMP/$name.3.json" >"$TMP/$name.b" 2>/dev/null
	if cmp -s "$TMP/$name.2.json" "$TMP/$name.3.json" && cmp -s "$TMP/$name.1.json" "$TMP/$name.2.json" &&
	   cmp -s "$TMP/$name.a" "$TMP/$name.b"; then ok; else bad "$s: two runs differ"; fi
done

# Another seed changes nothing that is not random in these worlds, but must still run.
if "$BONDSIM" scenarios/mode0_single_switch.ini --seed 7 --quiet >/dev/null 2>&1; then ok; else bad "--seed 7"; fi

# The shortest run that keeps every fault and flow start of a scenario, at
# least 1s: captures of whole runs take minutes to dissect, and a --duration
# that leaves a fault or a flow out is refused.
short_run() {
	awk 'function ms(t) {
		if (t ~ /ns$/) return t / 1e6; if (t ~ /us$/) return t / 1e3
		if (t ~ /ms$/) return t + 0; if (t ~ /s$/) return t * 1e3
		if (t ~ /m$/) return t * 6e4; if (t ~ /h$/) return t * 3.6e6; return t + 0 }
	BEGIN { d = 1000 }
	/^\[/ { faults = ($0 ~ /^\[faults\]/) }
	faults && /^[ \t]*[0-9]/ { if (ms($1) > d) d = ms($1) }
	/^[ \t]*start[ \t]*=/ { sub(/.*=[ \t]*/, ""); sub(/[ \t].*/, ""); if (ms($0) + 1 > d) d = ms($0) + 1 }
	END { printf "%dms\n", d + 0.999 }' "$1"
}

# Captures: every pcap of every scenario through Wireshark's dissectors.
if command -v tshark >/dev/null 2>&1; then
	for s in scenarios/*.ini; do
		name=$(basename "$s" .ini)
		out="$TMP/pcap-$name"
		"$BONDSIM" "$s" --out "$out" --pcap --duration "$(short_run "$s")" --quiet >/dev/null 2>&1
		n=0
		for p in "$out"/pcap/*.pcap; do
			[ -f "$p" ] || continue
			n=$((n + 1))
			if tshark -r "$p" -V 2>&1 | grep -Eiq 'malformed|expert.*error|bad checksum|\[Checksum Status: Bad\]'; then
				bad "$p: tshark reports a malformed or bad packet"
			else ok; fi
		done
		[ "$n" -gt 0 ] || bad "$s: no pcap written"
		ls "$out"/pcap/*.part >/dev/null 2>&1 && bad "$s: half-written capture left"
	done
else
	bad "tshark not installed (apt-get install tshark)"
fi

# Output files of a run.
out="$TMP/out"
"$BONDSIM" scenarios/mode0_single_switch.ini --out "$out" --quiet >/dev/null 2>&1
for f in report.txt report.json throughput.csv logs/server.log logs/sw1.log proc/server/bond0; do
	if [ -s "$out/$f" ]; then ok; else bad "--out: $f missing"; fi
done
if command -v gnuplot >/dev/null 2>&1; then
	if [ -s "$out/throughput.png" ]; then ok; else bad "--out: throughput.png missing"; fi
fi

# Bad scenarios: exit 2, exactly the error the first line announces ("# error:
# TEXT") on stderr, nothing on stdout, nothing written.  A second line
# "# args: ..." adds command-line options (--duration, --seed).
nbad=0
for s in tests/bad/*.ini; do
	nbad=$((nbad + 1))
	want=$(sed -n '1s/^# error: //p' "$s")
	args=$(sed -n '2s/^# args: //p' "$s")
	out="$TMP/bad-$(basename "$s" .ini)"
	# shellcheck disable=SC2086
	"$BONDSIM" "$s" --out "$out" --json "$out.json" --pcap $args >"$TMP/bad.out" 2>"$TMP/bad.err"
	rc=$?
	if [ -z "$want" ]; then bad "$s: no '# error: ' first line"; continue; fi
	if [ $rc -ne 2 ]; then bad "$s: exit $rc, want 2"; continue; fi
	if [ "$(cat "$TMP/bad.err")" != "$want" ]; then
		bad "$s: error was '$(cat "$TMP/bad.err")', want '$want'"; continue
	fi
	if [ -s "$TMP/bad.out" ]; then bad "$s: printed '$(cat "$TMP/bad.out")' although refused"; continue; fi
	if [ -e "$out" ] || [ -e "$out.json" ]; then
		bad "$s: wrote $out although the scenario was refused"; continue
	fi
	ok
done
# The corpus covers every refusal of the loader, at least 80 of them.
[ "$nbad" -ge 80 ] && ok || bad "tests/bad holds $nbad scenarios, want at least 80"

# bondsim hash: --frames answers, line by line, what --frame answers (and
# what the field options built: -v prints the frame).
: >"$TMP/frames.txt"; : >"$TMP/want.txt"
for sport in $(seq 1000 1039); do
	"$BONDSIM" hash -v --policy layer3+4 --slaves 3 --smac 02:00:00:00:01:00 \
		--dmac 02:00:00:00:0a:01 --src 10.0.0.1 --dst 10.0.0.2 --sport "$sport" --dport 2000 \
		>"$TMP/one.txt"
	sed -n 's/.* frame=//p' "$TMP/one.txt" >>"$TMP/frames.txt"
	tail -n 1 "$TMP/one.txt" >>"$TMP/want.txt"
done
if "$BONDSIM" hash --policy layer3+4 --slaves 3 --frames "$TMP/frames.txt" >"$TMP/got.txt" &&
   cmp -s "$TMP/got.txt" "$TMP/want.txt" && [ "$(wc -l <"$TMP/got.txt")" -eq 40 ] &&
   [ "$(sort -u "$TMP/got.txt" | sed 's/.*slave=//' | sort -u | wc -l)" -eq 3 ]; then ok
else bad "hash --frames differs from --frame (or does not use all 3 slaves)"; fi
printf 'zz\n' | "$BONDSIM" hash --slaves 2 --frames - >"$TMP/out.txt" 2>"$TMP/err.txt"
if [ $? -eq 2 ] && [ ! -s "$TMP/out.txt" ] && grep -q '<stdin>:1:' "$TMP/err.txt"; then ok
else bad "hash --frames with a bad line: want exit 2, file:line, no output"; fi
# Less than an Ethernet header is no frame, whole or in a file.
want_cli "hash --frame of 8 bytes" "bondsim hash: --frame: 8 bytes, shorter than an Ethernet header (14 bytes: destination MAC, source MAC, ethertype); give the whole frame from the destination MAC on
Try 'bondsim hash --help'." "$BONDSIM" hash --slaves 2 --frame 02:00:00:00:00:01:02:00
printf '%s\n' 020000000a01020000000100080045 02000000000102000000000208 >"$TMP/short.txt"
want_cli "hash --frames with a short line" "bondsim hash: $TMP/short.txt:2: 13 bytes, shorter than an Ethernet header (14 bytes: destination MAC, source MAC, ethertype); give the whole frame from the destination MAC on
Try 'bondsim hash --help'." "$BONDSIM" hash --slaves 2 --frames "$TMP/short.txt"

# The command line.
"$BONDSIM" >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "no scenario: want exit 2"
"$BONDSIM" --frobnicate x.ini >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "unknown option: want exit 2"
"$BONDSIM" scenarios/mode0_single_switch.ini --duration 5parsecs >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "bad --duration: want exit 2"
"$BONDSIM" scenarios/mode0_single_switch.ini --duration 10 >/dev/null 2>"$TMP/err.txt"
if [ $? -eq 2 ] && grep -qF -- "--duration: invalid time '10' (no unit)" "$TMP/err.txt"; then ok
else bad "--duration 10: want exit 2 and 'no unit', got '$(cat "$TMP/err.txt")'"; fi
want_cli "--duration 0" "bondsim: --duration: '0s' is no time at all: write more than 0, e.g. --duration 10s" \
	"$BONDSIM" scenarios/mode0_single_switch.ini --duration 0s
for seed in -1 abc 1e3 18446744073709551616; do
	want_cli "--seed $seed" "bondsim: --seed: '$seed' is not a seed: write a whole number from 0 to 9223372036854775807" \
		"$BONDSIM" scenarios/mode0_single_switch.ini --seed "$seed" --out "$TMP/seed-out"
done
[ -e "$TMP/seed-out" ] && bad "--seed refused, but --out was written"
# A --duration that ends before a fault is refused as the scenario's own
# duration is, at the fault's line.
want_cli "--duration before a fault" \
	"scenarios/mode1_failover.ini:$(grep -n '^2.05s' scenarios/mode1_failover.ini | cut -d: -f1): fault at 2.05s is after the end of the run (--duration 1s): give a --duration of 2.05s or more, or none" \
	"$BONDSIM" scenarios/mode1_failover.ini --duration 1s
"$BONDSIM" no/such/file.ini >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "missing file: want exit 2"
"$BONDSIM" scenarios/mode2_xor_hash.ini --duration 100ms --json "$TMP/no/such/run.json" >/dev/null 2>"$TMP/err.txt"
if [ $? -eq 2 ] && [ "$(cat "$TMP/err.txt")" = "bondsim: --json: cannot write $TMP/no/such/run.json: No such file or directory" ]; then ok
else bad "--json into a missing folder: want exit 2 and the file the user gave, got '$(cat "$TMP/err.txt")'"; fi
"$BONDSIM" scenarios/mode2_xor_hash.ini --duration 100ms --json "$TMP" >/dev/null 2>"$TMP/err.txt"
if [ $? -eq 2 ] && [ "$(cat "$TMP/err.txt")" = "bondsim: --json: cannot write $TMP: Is a directory" ] &&
   ! [ -e "$TMP.part" ]; then ok
else bad "--json DIR: want exit 2, the name given and no .part left, got '$(cat "$TMP/err.txt")'"; fi
"$BONDSIM" options miimon >"$TMP/o.out" 2>&1
if [ $? -eq 0 ] && [ "$(head -n 1 "$TMP/o.out")" = "miimon (ms)" ] && ! grep -q '^mode' "$TMP/o.out" &&
   grep -qx '    default: 0' "$TMP/o.out"; then ok
else bad "options miimon: want that option only, got '$(cat "$TMP/o.out")'"; fi
"$BONDSIM" options miimom >"$TMP/o.out" 2>"$TMP/o.err"
if [ $? -eq 2 ] && [ ! -s "$TMP/o.out" ] &&
   grep -qF "bondsim options: unknown option 'miimom' (did you mean 'miimon'?); valid: mode, miimon," "$TMP/o.err"; then ok
else bad "options miimom: want exit 2 and the nearest name, got '$(cat "$TMP/o.err")'"; fi
"$BONDSIM" --version | grep -q '^bondsim ' && ok || bad "--version"
"$BONDSIM" --help | grep -q -- '--pcap' && ok || bad "--help"

# An expectation that fails: exit 1 and the actual value printed.
cat >"$TMP/failing.ini" <<'INI'
[switch sw1]
ports = Gi0/1-2
[host a]
ip = 10.0.0.1/24
[host b]
ip = 10.0.0.2/24
[links]
a.eth0 = sw1.Gi0/1
b.eth0 = sw1.Gi0/2
[flow p]
type = ping
from = a
to = b
[expect]
ping.p.received > 1000
INI
"$BONDSIM" "$TMP/failing.ini" --duration 2s >"$TMP/f.out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q 'FAIL  ping.p.received > 1000  (actual 2)' "$TMP/f.out"; then ok
else bad "failing expectation: exit $rc, output: $(grep -A1 Expect "$TMP/f.out")"; fi

# --verbose echoes every log line, those of time 0 included: stderr holds
# each host's and switch's log, line for line.
"$BONDSIM" scenarios/mode1_failover.ini --verbose --quiet --out "$TMP/verbose" >/dev/null 2>"$TMP/v.err"
for who in server sw1; do
	sed -n "s/^$who: //p" "$TMP/v.err" >"$TMP/v.$who"
	if [ -s "$TMP/v.$who" ] && cmp -s "$TMP/v.$who" "$TMP/verbose/logs/$who.log"; then ok
	else bad "--verbose: the $who lines differ from logs/$who.log"; fi
done

# Warnings: the run goes on (exit 0) and stderr names the line.
cat >"$TMP/warn.ini" <<'INI'
[switch sw1]
ports = Gi0/1-2
[host server]
nics = eth0 eth1
bond bond0 = eth0 eth1
options bond0 = mode=1 miimon=100 primary=eth2 miimon=200
ip bond0 = 10.0.0.1/24
[links]
server.eth0 = sw1.Gi0/1
server.eth1 = sw1.Gi0/2
INI
"$BONDSIM" "$TMP/warn.ini" --duration 1s --out "$TMP/warn" >"$TMP/w.out" 2>"$TMP/w.err"
rc=$?
if [ $rc -eq 0 ] &&
   grep -qF "$TMP/warn.ini:6: warning: bond0: miimon given twice: miimon=100, then miimon=200; the kernel's parameter parser applies them in order, so miimon=200 wins" "$TMP/w.err" &&
   grep -qF "$TMP/warn.ini:6: warning: bond0: primary=eth2 is not a slave of bond0 (slaves: eth0, eth1)" "$TMP/w.err" &&
   grep -qF "bond0: Recording eth2 as primary, but it has not been enslaved yet" "$TMP/warn/logs/server.log" &&
   grep -qF "miimon 200 ms" "$TMP/w.out"; then ok
else bad "warnings: exit $rc, stderr '$(cat "$TMP/w.err")'"; fi

echo "scenarios: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
