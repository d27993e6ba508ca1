#!/bin/sh
# scenarios.sh - end-to-end checks of the bondsim command.
#
#  1. every scenario in scenarios/ runs and its [expect] lines hold (exit 0);
#  2. the same scenario and seed give a byte-identical JSON report and stdout;
#  3. tshark reads every pcap a run writes without a malformed-packet warning,
#     and decodes every LACPDU of the switch LACP scenarios (tshark -Y lacp);
#  4. every file in tests/bad/ (at least 80) is refused with exit 2, exactly
#     the error its first line announces ("# error: TEXT"), nothing on
#     stdout and nothing written ("# args: ..." on line 2 adds options);
#  5. the CLI's own errors (usage, bad options) exit 2 with their messages.
#  6. every gnuplot template draws, at the size it sets, only what has something to show.
#  7. a switch's IOS running-config reads back into the same switch and report.
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
	# run 1 passes its [expect]; run 2 prints the same report and JSON
	if "$BONDSIM" "$s" --json "$TMP/$name.1.json" >"$TMP/$name.a" 2>"$TMP/$name.err"; then
		ok
	else
		bad "$s: exit $? ($(grep -m3 FAIL "$TMP/$name.a" | head -c 600) $(head -c 600 "$TMP/$name.err"))"
		continue
	fi
	"$BONDSIM" "$s" --json "$TMP/$name.2.json" >"$TMP/$name.b" 2>/dev/null
	if cmp -s "$TMP/$name.1.json" "$TMP/$name.2.json" && cmp -s "$TMP/$name.a" "$TMP/$name.b"; then ok
	else bad "$s: two runs differ"; fi
done

# Every report adds up: per flow and ping, sent = received + lost + in
# flight, every lost packet placed (lost_at), and the fault windows' rows
# never count a lost packet twice (their sum is at most the flow's loss).
if command -v python3 >/dev/null 2>&1; then
	if python3 - "$TMP"/*.1.json <<'PY' >"$TMP/sums.out"; then ok; else bad "reports that do not add up: $(head -c 800 "$TMP/sums.out")"; fi
import json, sys
bad = 0
for path in sys.argv[1:]:
    j = json.load(open(path))
    lost = {}
    for kind in ("flows", "pings"):
        for f in j.get(kind, []):
            if "sent" not in f:
                continue    # a report of several runs: distributions
            s, r, l, i = f["sent"], f["received"], f["lost"], f["in_flight"]
            placed = sum(x["packets"] for x in f.get("lost_at", []))
            if s != r + l + i or placed != l:
                print(path, f["name"], "sent", s, "received", r, "lost", l, "in flight", i, "placed", placed)
                bad += 1
            lost[(kind[:-1], f["name"])] = l
    rows = {}
    for k, v in j.get("metrics", {}).items():
        p = k.split(".")
        if len(p) == 5 and p[0] == "failover" and p[4] == "lost" and (p[2], p[3]) in lost and \
           isinstance(v, int) and v >= 0:
            rows[(p[2], p[3])] = rows.get((p[2], p[3]), 0) + v
    for k, v in rows.items():
        if v > lost[k]:
            print(path, k, "the fault windows count", v, "lost, the flow", lost[k])
            bad += 1
sys.exit(1 if bad else 0)
PY
fi

# A bond's summary line names an active slave only where the mode has one
# (active-backup, tlb, alb), as sysfs active_slave and /proc do.
if grep -qx '  bond0: mode active-backup, miimon 100 ms, 2 slaves, active eth1, opened at 0s (pinned by open_at)' "$TMP/mode1_failover.a" &&
	grep -qx '  bond0: mode balance-rr, miimon 200 ms, 2 slaves, opened at 149ms (drawn from the seed)' "$TMP/mode0_single_switch.a"; then ok
else bad "bond summary lines: $(grep -h 'bond0: mode' "$TMP/mode1_failover.a" "$TMP/mode0_single_switch.a" | head -c 400)"; fi

# The README's scenario with every key ("## Scenario files"), copied as a
# reader would copy it: it loads, runs its 20 seeds and its [expect] holds.
awk '/^## Scenario files/ { s = 1 } s && /^```ini/ { b = 1; next } b && /^```/ { exit } b' README.md >"$TMP/readme.ini"
if [ "$(wc -l <"$TMP/readme.ini")" -gt 80 ] && grep -q '^\[faults\]' "$TMP/readme.ini" &&
	"$BONDSIM" "$TMP/readme.ini" >"$TMP/readme.out" 2>"$TMP/readme.err" &&
	grep -q '^4 passed, 0 failed$' "$TMP/readme.out" && grep -q 'held in every run' "$TMP/readme.out"; then ok
else bad "README's scenario with every key: exit $?, $(head -c 300 "$TMP/readme.err") $(grep FAIL "$TMP/readme.out" | head -c 300)"; fi

# Every drop reason the reports and metrics can name (drop_reason_names in
# models/link/netdev.c) is in the README's list of reasons, where they are
# explained: late_collision, rx_while_sending and fcs_error were missing.
sed -n '/drop_reason_names\[DROP_REASON_COUNT\]/,/^};/p' models/link/netdev.c |
	sed -n 's/.*= "\([a-z_]*\)",$/\1/p' >"$TMP/reasons.txt"
awk '/^start times than about the network. The reasons/ { s = 1 } s { print } s && /^Metrics: `drop/ { exit }' \
	README.md >"$TMP/reasons.md"
missing=$(while read -r r; do grep -q "\`$r\`" "$TMP/reasons.md" || printf '%s ' "$r"; done <"$TMP/reasons.txt")
if [ "$(wc -l <"$TMP/reasons.txt")" -gt 30 ] && [ -z "$missing" ]; then ok
else bad "drop reasons missing from the README's list: $missing($(wc -l <"$TMP/reasons.txt") reasons)"; fi

# --list-metrics names what [expect] accepts, also what exists only once it
# happens: drop counters by place and reason, a flow's losses by reason, a
# MAC's moves on each switch; and [expect] takes each of those it lists.
"$BONDSIM" scenarios/mode0_single_switch.ini --list-metrics >"$TMP/lm.txt" 2>&1
for n in drop.server.eth0.queue_full flow.server_to_client1.lost.inactive_slave \
	 ping.ping_server.lost.no_route sw1.mac.00:16:36:1b:bb:74.moves sw1.mac_moves; do
	if [ "$(grep -cx "$n" "$TMP/lm.txt")" = 1 ]; then ok; else bad "--list-metrics: want $n once"; fi
done
{ cat scenarios/mode0_single_switch.ini
  grep -E '^(drop|flow|ping)\..*\.(queue_full|inactive_slave|no_route)$' "$TMP/lm.txt" | sed 's/$/ >= 0/'
  grep -E '^sw1\.mac\..*\.moves$' "$TMP/lm.txt" | sed 's/$/ >= 0/'; } >"$TMP/lm.ini"
if "$BONDSIM" "$TMP/lm.ini" --quiet >"$TMP/lm.out" 2>&1 && [ "$(grep -c '>= 0' "$TMP/lm.ini")" -gt 40 ]; then ok
else bad "[expect] refused a name --list-metrics gave: $(head -c 300 "$TMP/lm.out")"; fi

# A host's TCP counters (tcp_host_metrics): the server opened the bulk
# stream and retransmitted what its sender reports, the client accepted it.
"$BONDSIM" scenarios/mode1_tcp_failover.ini --json "$TMP/tcph.json" >"$TMP/tcph.txt" 2>&1
for kv in '"server.tcp.active_opens": 1,' '"server.tcp.retrans_segs": 95,' \
	  '"client.tcp.passive_opens": 1,' '"client.tcp.out_rsts": 0,' '"client.tcp.in_errs": 0,'; do
	if grep -qF "$kv" "$TMP/tcph.json"; then ok; else bad "host TCP metrics: want $kv"; fi
done
if grep -q 'sender: retrans 95 ' "$TMP/tcph.txt"; then ok; else bad "host TCP metrics: the sender's own count is not 95"; fi

# From another folder, "scenarios/NAME.ini" names nothing: bondsim says where
# the scenarios that came with it are (here: beside the binary).
abs_bondsim="$(cd "$(dirname "$BONDSIM")" && pwd)/$(basename "$BONDSIM")"
(cd "$TMP" && "$abs_bondsim" scenarios/mode1_failover.ini >"$TMP/away.out" 2>"$TMP/away.err"; echo $? >"$TMP/away.rc")
want_dir="$(pwd)/scenarios"
if [ "$(cat "$TMP/away.rc")" = 2 ] && [ ! -s "$TMP/away.out" ] &&
   [ "$(cat "$TMP/away.err")" = "scenarios/mode1_failover.ini: No such file or directory
bondsim: the scenarios that come with bondsim are in $want_dir: bondsim $want_dir/mode1_failover.ini" ]; then ok
else bad "a scenario path from elsewhere: exit $(cat "$TMP/away.rc"), stderr '$(cat "$TMP/away.err")'"; fi
(cd "$TMP" && "$abs_bondsim" no_such_world.ini >/dev/null 2>"$TMP/away2.err")
if [ "$(cat "$TMP/away2.err")" = "no_such_world.ini: No such file or directory" ]; then ok
else bad "a name bondsim does not ship: want only the error, got '$(cat "$TMP/away2.err")'"; fi

# Another seed changes nothing that is not random in these worlds, but must still run.
if "$BONDSIM" scenarios/mode0_single_switch.ini --seed 7 --quiet >/dev/null 2>&1; then ok; else bad "--seed 7"; fi

# The seed draws when each bond opens, so where its monitor ticks fall: the
# same pull costs each seed its own outage (tests/worlds/runs_stats.ini).
for sw in 1:260 2:240 3:280; do
	seed=${sw%%:*} want=${sw#*:}
	"$BONDSIM" tests/worlds/runs_stats.ini --runs 0 --seed "$seed" --json "$TMP/seed.json" >/dev/null 2>&1
	if grep -q "\"failover.1.ping.p.outage_ms\": $want.0," "$TMP/seed.json"; then ok
	else bad "seed $seed: want a $want ms outage, got $(grep '"failover.1.ping.p.outage_ms"' "$TMP/seed.json")"; fi
done
# A batch: --runs N from --seed is --seeds, byte for byte; its files under --out.
"$BONDSIM" tests/worlds/runs_stats.ini --runs 3 --seed 2 --json "$TMP/r1.json" >"$TMP/r1.txt" 2>&1
"$BONDSIM" tests/worlds/runs_stats.ini --seeds 2-4 --json "$TMP/r2.json" >"$TMP/r2.txt" 2>&1
if cmp -s "$TMP/r1.json" "$TMP/r2.json" && cmp -s "$TMP/r1.txt" "$TMP/r2.txt" &&
   grep -q '3 runs (seeds 2-4)' "$TMP/r1.txt"; then ok; else bad "--runs 3 --seed 2 differs from --seeds 2-4"; fi
# seeds 2-4 draw 34, 61 and 72 ms: slave down 230, 262 and 270 ms after the pull
if grep -q '^  server.bond0  .*  34.000     61.000     72.000     72.000     3$' "$TMP/r1.txt" &&
   grep -q 'slave_change_ms .* 230.000    262.000    270.000    270.000     3' "$TMP/r1.txt"; then ok
else bad "--seeds 2-4 statistics: $(grep -E 'open_at_ms|slave_change_ms' "$TMP/r1.txt")"; fi
out="$TMP/batch"
"$BONDSIM" scenarios/mode1_failover_distribution.ini --out "$out" --quiet >/dev/null 2>&1
for f in report.txt report.json runs.csv runs_summary.csv; do
	if [ -s "$out/$f" ]; then ok; else bad "batch --out: $f missing"; fi
done
if [ "$(wc -l <"$out/runs.csv")" -eq 21 ]; then ok; else bad "runs.csv: want a header and 20 runs"; fi
if command -v gnuplot >/dev/null 2>&1; then
	if [ -s "$out/runs.png" ]; then ok; else bad "batch --out: runs.png missing"; fi
fi
for args in "--seeds 5-1" "--seeds 1-3 --seed 2" "--runs 3 --pcap --out $TMP/pc" "--runs -1" "--runs 10001"; do
	"$BONDSIM" tests/worlds/runs_stats.ini $args >/dev/null 2>&1
	if [ $? -eq 2 ] && [ ! -e "$TMP/pc" ]; then ok; else bad "$args: want exit 2 and nothing written"; fi
done
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
# What counts as bad: a malformed frame, an expert error, an IPv4 header
# checksum that does not verify.
PCAP_BAD="-o ip.check_checksum:TRUE -Y _ws.malformed||_ws.expert.severity>=8388608||ip.checksum.status==0 -r"
# What the LACP checks below read of a capture, from one tshark pass
# (tshark's start-up costs more than the dissection: five passes a capture
# were two minutes of make check): "slow lacp short mal lacp_mal up", the
# counts of slow-protocol frames, frames decoded as LACPDUs, LACPDUs cut
# short of their last fields, malformed frames, malformed LACPDUs, and
# LACPDUs from a port collecting and distributing (actor state 0x3f/0x3d).
lacp_counts() {
	tshark -r "$1" -Y 'eth.type == 0x8809 || lacp || _ws.malformed' -T fields -E separator=/t \
		-e frame.protocols -e eth.type -e lacp.actor.state -e lacp.partner.state \
		-e lacp.collector.max_delay -e lacp.pad -e _ws.malformed 2>/dev/null |
	awk -F '\t' '
		{ lacp = ($1 ~ /(^|:)lacp(:|$)/); mal = ($7 != "") }
		$2 ~ /0x8809/ { slow++ }
		lacp { n++ }
		lacp && ($3 == "" || $4 == "" || $5 == "" || $6 == "") { short++ }
		mal { bad++ }
		lacp && mal { lacpbad++ }
		lacp && ($3 == "0x3f" || $3 == "0x3d") { up++ }
		END { printf "%d %d %d %d %d %d\n", slow, n, short, bad, lacpbad, up }'
}
# One scenario's captures (run in the background, two at a time: tshark
# is most of this file's time and CI has two cores): the verdicts go to
# $TMP/pcap-NAME.res, "ok" or "bad MESSAGE" a line, replayed in order
# below; an 802.3ad world's LACP counts are taken here too (P.counts).
capture_check() {
	s=$1 name=$(basename "$1" .ini)
	out="$TMP/pcap-$name" res="$TMP/pcap-$name.res"
	: >"$res"
	# a bulk TCP stream fills gigabytes of capture: its first 8 MB tell
	case $name in *tcp*) cap="--pcap-max 8M" ;; *) cap="" ;; esac
	# shellcheck disable=SC2086
	"$BONDSIM" "$s" --runs 0 --out "$out" --pcap $cap --duration "$(short_run "$s")" --quiet >/dev/null 2>&1
	# One tshark over all of a scenario's captures merged (tshark's start-up
	# and -V's text cost more than the dissection); a capture is named
	# only when something is wrong.  IPv4 header checksums are verified.
	n=$(ls "$out"/pcap/*.pcap 2>/dev/null | wc -l)
	if [ "$n" -gt 0 ] && mergecap -w "$out/all.pcapng" "$out"/pcap/*.pcap 2>/dev/null &&
	   [ "$(tshark $PCAP_BAD "$out/all.pcapng" 2>/dev/null | wc -l)" -eq 0 ]; then echo ok >>"$res"
	else
		for p in "$out"/pcap/*.pcap; do
			[ -f "$p" ] || continue
			[ "$(tshark $PCAP_BAD "$p" 2>/dev/null | wc -l)" -eq 0 ] ||
				echo "bad $p: tshark reports a malformed or bad packet" >>"$res"
		done
	fi
	rm -f "$out/all.pcapng"
	[ "$n" -gt 0 ] || echo "bad $s: no pcap written" >>"$res"
	ls "$out"/pcap/*.part >/dev/null 2>&1 && echo "bad $s: half-written capture left" >>"$res"
	case $name in
	mode4_* | lacp_switch_to_switch)
		for p in "$out"/pcap/*.pcap; do
			[ -f "$p" ] && lacp_counts "$p" >"$p.counts"
		done ;;
	esac
}
if command -v tshark >/dev/null 2>&1; then
	k=0
	for s in scenarios/*.ini; do
		capture_check "$s" &
		k=$((k + 1))
		[ $((k % 2)) -eq 0 ] && wait
	done
	wait
	for s in scenarios/*.ini; do
		while read -r verdict msg; do
			if [ "$verdict" = ok ]; then ok; else bad "$msg"; fi
		done <"$TMP/pcap-$(basename "$s" .ini).res"
	done
	# LACP on switches: in the captures above, every slow-protocol frame is a
	# LACPDU that Wireshark decodes whole, and none is malformed.
	for name in mode4_lacp lacp_switch_to_switch mode4_mlag; do
		[ -f "scenarios/$name.ini" ] || continue
		slow=0 lacp=0 badn=0
		for p in "$TMP/pcap-$name"/pcap/*.pcap; do
			[ -f "$p" ] || continue
			read -r s1 l1 _ _ b1 _ <"$p.counts"
			slow=$((slow + s1)) lacp=$((lacp + l1)) badn=$((badn + b1))
		done
		if [ "$lacp" -gt 0 ] && [ "$lacp" -eq "$slow" ] && [ "$badn" -eq 0 ]; then ok
		else bad "$name: $slow slow-protocol frames, $lacp decoded as LACPDUs, $badn malformed"; fi
	done
else
	bad "tshark not installed (apt-get install tshark)"
fi

# 802.3ad on the wire, from the captures above (no extra run): every
# slow-protocol frame is a LACPDU that tshark decodes to its last field,
# none is malformed, a port fully up shows in it as tshark reads the state
# bits (0x3f fast, 0x3d slow), and on the eth0 cables, which no fault
# touches, the LACPDUs captured are exactly the two ports' lacp.pdu_tx.
if command -v tshark >/dev/null 2>&1; then
	for s in scenarios/mode4_*.ini; do
		name=$(basename "$s" .ini)
		out="$TMP/pcap-$name"
		up=0
		for p in "$out"/pcap/*.pcap; do
			[ -f "$p" ] || { bad "$s: no capture to look for LACPDUs in"; continue; }
			read -r slow lacp short mal _ upn <"$p.counts"
			# a cable with no LACP end (a client's) carries no slow protocol;
			# each scenario must still show a port up in some LACPDU (below)
			[ "$slow" -eq 0 ] && [ "$mal" -eq 0 ] && continue
			if [ "$slow" -gt 0 ] && [ "$lacp" -eq "$slow" ] && [ "$short" -eq 0 ] && [ "$mal" -eq 0 ]; then ok
			else bad "$p: $slow slow-protocol frames, $lacp decoded as LACP, $short cut short, $mal malformed"; fi
			up=$((up + upn))
			link=$(basename "$p" .pcap)
			case "$link" in
			*.eth0--*.eth0)
				h1=${link%%.*} rest=${link#*--} h2=${rest%%.*}
				tx=0
				for h in "$h1" "$h2"; do
					n=$(sed -n "s/.*\"$h\.bond0\.eth0\.lacp\.pdu_tx\": \([0-9]*\).*/\1/p" "$out/report.json")
					tx=$((tx + ${n:-0}))
				done
				if [ "$lacp" -eq "$tx" ]; then ok
				else bad "$p: $lacp LACPDUs captured, the ports sent $tx (lacp.pdu_tx)"; fi ;;
			esac
		done
		# no LACP partner there; and the up-then-enslave capture ends (1.5 s)
		# long before the 8 s selection timer lets a port distribute
		case "$name" in mode4_switch_not_lacp | mode4_up_then_enslave) up=1 ;; esac
		if [ "$up" -gt 0 ]; then ok; else bad "$s: no LACPDU from a port collecting+distributing"; fi
	done
fi

# VLANs on switches: two switches joined by a trunk of 10 and 20, a host
# in each VLAN on each switch.  VLAN 10 talks across the trunk, tagged 10
# on the wire as tshark reads it; VLAN 20's ARP for a VLAN 10 host crosses
# tagged 20 and is never answered.
cat >"$TMP/vlan.ini" <<'INI'
[switch sw1]
ports = Gi0/1-3
vlan Gi0/1 = access 10
vlan Gi0/2 = access 20
vlan Gi0/3 = trunk allowed=10,20
[switch sw2]
ports = Gi0/1-3
vlan Gi0/1 = access 10
vlan Gi0/2 = access 20
vlan Gi0/3 = trunk allowed=10,20
[host a10]
ip = 10.0.0.1/24
[host a20]
ip = 10.0.0.2/24
[host b10]
ip = 10.0.0.3/24
[links]
a10.eth0 = sw1.Gi0/1
a20.eth0 = sw1.Gi0/2
b10.eth0 = sw2.Gi0/1
sw1.Gi0/3 = sw2.Gi0/3
[flow same]
from = a10
to = b10
rate = 10M
size = 1000
[flow cross]
from = a20
to = b10
rate = 10M
size = 1000
[expect]
flow.same.lost == 0
flow.cross.received == 0
INI
p="$TMP/vlan/pcap/sw1.Gi0_3--sw2.Gi0_3.pcap"
if "$BONDSIM" "$TMP/vlan.ini" --duration 200ms --out "$TMP/vlan" --pcap-links sw1.Gi0/3 --quiet >/dev/null 2>&1 &&
   [ "$(tshark -r "$p" -Y udp -T fields -e eth.type -e vlan.id 2>/dev/null | sort | uniq -c | tr -s ' \t' ' ')" = " 244 0x8100 10" ] &&
   [ "$(tshark -r "$p" -Y 'arp.src.proto_ipv4 == 10.0.0.2' -T fields -e vlan.id 2>/dev/null)" = 20 ]; then ok
else bad "VLAN trunk: want 244 UDP frames tagged 0x8100 VID 10 and VLAN 20's ARP tagged 20 on sw1.Gi0/3"; fi

# Capture options, on a world whose every UDP frame is 1042 bytes on the
# wire (1000 of payload) and 42 of headers.
cat >"$TMP/cap.ini" <<'INI'
[switch sw1]
ports = Gi0/1-3
[host a]
ip = 10.0.0.1/24
[host b]
ip = 10.0.0.2/24
[links]
a.eth0 = sw1.Gi0/1
b.eth0 = sw1.Gi0/2
[flow ab]
from = a
to = b
rate = 100M
size = 1000
INI
# The default snaplen keeps the headers and the wire length; the file says 192 (FRAME_HDR_MAX).
"$BONDSIM" "$TMP/cap.ini" --duration 1s --out "$TMP/cap1" --pcap-links b.eth0 --quiet >/dev/null 2>&1
p="$TMP/cap1/pcap/b.eth0--sw1.Gi0_2.pcap"
if [ "$(ls "$TMP/cap1/pcap")" = "b.eth0--sw1.Gi0_2.pcap" ] &&
   [ "$(tshark -r "$p" -Y udp -T fields -e frame.len -e frame.cap_len 2>/dev/null | sort | uniq -c | tr -s ' \t' ' ')" = " 12160 1042 42" ] &&
   [ "$(od -An -tu4 -j16 -N4 "$p" | tr -d ' ')" = 192 ]; then ok
else bad "--pcap-snaplen default: want 12160 UDP frames of len 1042, cap_len 42, in b.eth0's capture only"; fi
"$BONDSIM" "$TMP/cap.ini" --duration 1s --out "$TMP/cap2" --pcap-links sw1.Gi0/2 --pcap-snaplen 100 --quiet >/dev/null 2>&1
p="$TMP/cap2/pcap/b.eth0--sw1.Gi0_2.pcap"
if [ "$(tshark -r "$p" -Y udp -T fields -e frame.len -e frame.cap_len 2>/dev/null | sort -u | tr '\t' ' ')" = "1042 100" ] &&
   [ "$(od -An -tu4 -j16 -N4 "$p" | tr -d ' ')" = 100 ]; then ok
else bad "--pcap-snaplen 100: want cap_len 100 of 1042"; fi
"$BONDSIM" "$TMP/cap.ini" --duration 200ms --out "$TMP/cap3" --pcap-links b --pcap-snaplen 0 --quiet >/dev/null 2>&1
p="$TMP/cap3/pcap/b.eth0--sw1.Gi0_2.pcap"
if [ "$(tshark -r "$p" -Y udp -T fields -e frame.len -e frame.cap_len 2>/dev/null | sort -u | tr '\t' ' ')" = "1042 1042" ] &&
   ! tshark -r "$p" -V 2>&1 | grep -Eiq 'malformed|expert.*error|bad checksum|\[Checksum Status: Bad\]'; then ok
else bad "--pcap-snaplen 0: want whole frames that tshark decodes"; fi
# The cap: both captures stop at the same record, valid, under the limit;
# stderr says when, which limit and how to raise it; the report notes it.
"$BONDSIM" "$TMP/cap.ini" --duration 1s --out "$TMP/cap4" --pcap --pcap-max 100K --json "$TMP/cap4.json" \
	>"$TMP/cap4.out" 2>"$TMP/cap4.err"
rc=$?
total=$(cat "$TMP"/cap4/pcap/*.pcap | wc -c)
if [ $rc -eq 0 ] && [ "$total" -eq 102360 ] && [ "$total" -le 102400 ] &&
   [ "$(cat "$TMP/cap4.err")" = "bondsim: captures stopped at 0.072379s (simulated): together they reached --pcap-max 100K (102400 bytes); the 22560 frames after that are not in pcap/, the files hold everything before.
bondsim: to capture the whole run, raise the cap (--pcap-max 2M should do), capture fewer links (--pcap-links HOST.NIC,...)." ] &&
   grep -qF 'STOPPED  at 0.072379s: the cap was reached; 22560 frames after that not captured' "$TMP/cap4/report.txt" &&
   grep -qF '"stopped_at_ns": 72379728' "$TMP/cap4.json" &&
   ! ls "$TMP"/cap4/pcap/*.part >/dev/null 2>&1; then ok
else bad "--pcap-max 100K: exit $rc, $total bytes, stderr '$(cat "$TMP/cap4.err")'"; fi
# The cap it suggests holds the whole run (the frames left out at the mean
# size of those kept, and 10 % more): 22560 + the 1399 kept, 1.4 MB.
"$BONDSIM" "$TMP/cap.ini" --duration 1s --out "$TMP/cap4b" --pcap --pcap-max 2M >/dev/null 2>"$TMP/cap4b.err"
if [ ! -s "$TMP/cap4b.err" ] && [ "$(cat "$TMP"/cap4b/pcap/*.pcap | wc -c)" -gt 1400000 ]; then ok
else bad "--pcap-max 2M (as suggested): want the whole run captured, got '$(cat "$TMP/cap4b.err")'"; fi
for p in "$TMP"/cap4/pcap/*.pcap; do
	# a record cut in two would read "appears to have been cut short"
	if [ "$(tshark -r "$p" 2>&1 >/dev/null | grep -v '^Running as user')" = "" ] &&
	   [ "$(tshark -r "$p" 2>/dev/null | wc -l)" -eq 882 ]; then ok
	else bad "$p: want 882 whole records that tshark reads without complaint"; fi
done
# A ping on the wire numbers its requests as iputils does, icmp_seq=1 first,
# and each reply echoes its request's: tshark's icmp.seq on the cable.
sed '/^\[flow ab\]/,$d' "$TMP/cap.ini" >"$TMP/ping.ini"
printf '[flow p]\ntype = ping\nfrom = a\nto = b\ninterval = 100ms\ncount = 3\n' >>"$TMP/ping.ini"
"$BONDSIM" "$TMP/ping.ini" --duration 1s --out "$TMP/ping" --pcap-links b.eth0 --quiet >/dev/null 2>&1
p="$TMP/ping/pcap/b.eth0--sw1.Gi0_2.pcap"
req=$(tshark -r "$p" -Y 'icmp.type == 8' -T fields -e icmp.seq 2>/dev/null | tr '\n' ' ')
rep=$(tshark -r "$p" -Y 'icmp.type == 0' -T fields -e icmp.seq 2>/dev/null | tr '\n' ' ')
if [ "$req" = "1 2 3 " ] && [ "$rep" = "1 2 3 " ]; then ok
else bad "ping capture: want icmp.seq 1 2 3 each way, got requests '$req', replies '$rep'"; fi
# Names that select no link: exit 2, the name, the valid links, nothing written.
"$BONDSIM" "$TMP/cap.ini" --out "$TMP/cap5" --pcap-links a.eth0,b.eht0 >/dev/null 2>"$TMP/cap5.err"
if [ $? -eq 2 ] && [ ! -e "$TMP/cap5" ] &&
   [ "$(cat "$TMP/cap5.err")" = "bondsim: --pcap-links: no link 'b.eht0' (did you mean 'b.eth0'?); name a cable end (HOST.NIC, SWITCH.PORT), a host, a switch or a link: a.eth0--sw1.Gi0/1, b.eth0--sw1.Gi0/2" ]; then ok
else bad "--pcap-links b.eht0: want exit 2 and the valid links, got '$(cat "$TMP/cap5.err")'"; fi
"$BONDSIM" "$TMP/cap.ini" --out "$TMP/cap5" --pcap-links sw1.Gi0/3 >/dev/null 2>"$TMP/cap5.err"
if [ $? -eq 2 ] && [ ! -e "$TMP/cap5" ] && grep -qF -- "--pcap-links: sw1.Gi0/3 has no cable" "$TMP/cap5.err"; then ok
else bad "--pcap-links sw1.Gi0/3: want exit 2 and 'has no cable', got '$(cat "$TMP/cap5.err")'"; fi
for args in "--pcap --pcap-max 12parsecs" "--pcap --pcap-snaplen 300000" "--pcap-max 1G" "--pcap-links a"; do
	case $args in *links*) out= ;; *) out="--out $TMP/cap6" ;; esac
	# shellcheck disable=SC2086
	"$BONDSIM" "$TMP/cap.ini" $out $args >/dev/null 2>"$TMP/cap6.err"
	if [ $? -eq 2 ] && [ ! -e "$TMP/cap6" ] && grep -q '^bondsim: --pcap' "$TMP/cap6.err"; then ok
	else bad "$args: want exit 2 and the option named, got '$(cat "$TMP/cap6.err")'"; fi
done

# The progress line: only on a terminal (BONDSIM_PROGRESS_TTY=1 stands for
# one, and drops the one-second wait, which a fast machine never reaches),
# cleared at the end; never with --quiet; the run and its report are the
# same with it.
BONDSIM_PROGRESS_TTY=1 "$BONDSIM" scenarios/multi_bond.ini --duration 10s --json "$TMP/pr1.json" \
	>"$TMP/pr1.out" 2>"$TMP/pr1.err"
"$BONDSIM" scenarios/multi_bond.ini --duration 10s --json "$TMP/pr2.json" >"$TMP/pr2.out" 2>"$TMP/pr2.err"
if tr '\r' '\n' <"$TMP/pr1.err" | grep -qE '^t=[0-9.]+s/10s [0-9]+%  wall [0-9.]+s  [0-9.]+[KMG]? events/s *$'; then ok
else bad "progress line: want 't=…s/10s N%  wall …s  … events/s' on stderr, got '$(cat -A "$TMP/pr1.err" | head -c 300)'"; fi
# cleared: no newline anywhere, and it ends in "\r<blanks>\r"
if [ "$(tr -cd '\n' <"$TMP/pr1.err" | wc -c)" -eq 0 ] && [ "$(tail -c 1 "$TMP/pr1.err" | od -An -c | tr -d ' ')" = '\r' ] &&
   tr '\r' '\n' <"$TMP/pr1.err" | tail -n 1 | grep -qE '^ +$' && [ ! -s "$TMP/pr2.err" ] &&
   cmp -s "$TMP/pr1.json" "$TMP/pr2.json" && cmp -s "$TMP/pr1.out" "$TMP/pr2.out"; then ok
else bad "progress line: want it cleared at the end, none without a terminal, and the same report"; fi
BONDSIM_PROGRESS_TTY=1 "$BONDSIM" scenarios/multi_bond.ini --duration 10s --quiet >/dev/null 2>"$TMP/pr3.err"
if [ ! -s "$TMP/pr3.err" ]; then ok; else bad "progress line with --quiet: want none"; fi

# Output files of a run.
out="$TMP/out"
"$BONDSIM" scenarios/mode0_single_switch.ini --out "$out" --quiet >/dev/null 2>&1
for f in report.txt report.json throughput.csv logs/server.log logs/sw1.log proc/server/bond0; do
	if [ -s "$out/$f" ]; then ok; else bad "--out: $f missing"; fi
done
if command -v gnuplot >/dev/null 2>&1; then
	if [ -s "$out/throughput.png" ]; then ok; else bad "--out: throughput.png missing"; fi
fi

# Graphs: every template in plots/ renders on the scenarios (gnuplot exits 0,
# which bondsim reports otherwise), each PNG has the size its template gives
# it, and a graph with nothing to show is not drawn.
png_size() { od -An -tu1 -j16 -N8 "$1" | awk '{ print $3 * 256 + $4 "x" $7 * 256 + $8 }'; }
if command -v gnuplot >/dev/null 2>&1; then
	g="$TMP/graphs"
	for s in mode0_single_switch mode0_static_lag mode0_reordering mode1_failover mode1_primary \
		 mode6_peer_skew mode1_tcp_failover mode5_tlb mode4_lacp_timeout; do
		"$BONDSIM" "scenarios/$s.ini" --out "$g/$s" >/dev/null 2>"$TMP/graphs.err"
		if grep -q 'gnuplot' "$TMP/graphs.err"; then bad "$s graphs: $(cat "$TMP/graphs.err")"; else ok; fi
	done
	# a batch draws plots/runs.gp
	"$BONDSIM" scenarios/mode1_failover_distribution.ini --runs 4 --out "$g/batch" >/dev/null 2>"$TMP/graphs.err"
	if grep -q 'gnuplot' "$TMP/graphs.err"; then bad "batch graphs: $(cat "$TMP/graphs.err")"; else ok; fi
	# a sweep draws plots/summary.gp, compare plots/compare.gp
	"$BONDSIM" sweep scenarios/mode1_failover_distribution.ini --grid server.bond0.miimon=50,100 \
		--seeds 1-2 --set sim.duration=3s --out "$g/sweep" --metric failover.1.outage_ms --quiet \
		2>"$TMP/graphs.err"
	"$BONDSIM" compare tests/worlds/compare.ini --runs 1 --modes 1,6 --out "$g/compare" >/dev/null \
		2>>"$TMP/graphs.err"
	if grep -q 'gnuplot' "$TMP/graphs.err"; then bad "sweep/compare graphs: $(cat "$TMP/graphs.err")"; else ok; fi
	# a balance-tlb bond that no peer talks to: peers.png says so, gnuplot does not fail
	printf '[sim]\nduration = 1s\n[host h]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\noptions bond0 = mode=balance-tlb miimon=100\n[switch sw]\nports = p1-2\n[links]\nh.eth0 = sw.p1\nh.eth1 = sw.p2\n' > "$TMP/tlb_idle.ini"
	"$BONDSIM" "$TMP/tlb_idle.ini" --out "$g/tlb_idle" >/dev/null 2>"$TMP/graphs.err"
	if [ -s "$g/tlb_idle/peers.png" ] && ! [ -s "$TMP/graphs.err" ]; then ok
	else bad "idle balance-tlb: peers.png $( [ -s "$g/tlb_idle/peers.png" ] && echo drawn || echo missing), stderr: $(cat "$TMP/graphs.err")"; fi
	for want in mode0_single_switch/throughput.png=1280x560 mode0_single_switch/bonds.png=1400x390 \
		    mode0_single_switch/mac_moves.png=1280x572 mode0_reordering/loss.png=1280x560 \
		    mode0_reordering/reordering.png=1280x560 mode1_failover/failover-1.png=1280x408 \
		    mode1_failover/failover-2.png=1280x408 mode1_failover/mac_moves.png=1280x272 \
		    mode1_primary/bonds.png=1400x1044 mode1_primary/failover-3.png=1280x544 \
		    mode6_peer_skew/peers.png=1020x420 mode1_tcp_failover/tcp.png=1280x760 \
		    sweep/summary.png=1024x640 compare/compare.png=1280x900; do
		f="$g/${want%%=*}"
		if [ -s "$f" ] && [ "$(png_size "$f")" = "${want#*=}" ]; then ok
		else bad "${want%%=*}: $( [ -s "$f" ] && png_size "$f" || echo missing), want ${want#*=}"; fi
	done
	for t in plots/*.gp; do
		n=$(basename "$t" .gp)
		case $n in bench_*) continue ;; esac	# make bench's, checked below
		drew=0
		for f in "$g"/*/"$n".png "$g"/*/"$n"-*.png; do [ -s "$f" ] && drew=1; done
		if [ $drew -eq 1 ]; then ok; else bad "plots/$n.gp drew nothing on the scenarios"; fi
	done
	# peers.csv over time: c2 (200 Mbit/s) received on eth0 only from 4.0 to
	# 6.136 s (20 alb ticks after the first one past 4 s), when the bond's
	# ARP request had pulled it there: the 22 rows ending 4.1 to 6.2 s
	n=$(awk -F, '$3 == "c2" && $5 == "eth0" && $9 > 100000' "$g/mode6_peer_skew/peers.csv" | wc -l)
	first=$(awk -F, '$3 == "c2" && $5 == "eth0" && $9 > 100000 { print $1; exit }' "$g/mode6_peer_skew/peers.csv")
	if [ "$n" = 22 ] && [ "$first" = 4.100000 ]; then ok
	else bad "peers.csv: c2 on eth0 in $n rows from $first, want 22 from 4.100000"; fi
	grep -qx 'c1,300.284644,0.000000' "$g/mode6_peer_skew/peer_slaves.csv" && ok ||
		bad "peer_slaves.csv: want c1 received all on eth0 (300.284644 MB)"
	# a failover timeline leaves room for each event's text: nothing is cut
	# at the image's right edge (its last 4 columns are background); the
	# long LACP and balance-tlb texts ran off it
	if command -v python3 >/dev/null 2>&1; then
		for f in "$g"/*/failover-*.png; do
			if python3 - "$f" <<'PY'; then ok; else bad "$f: text cut at the right edge"; fi
import sys, zlib, struct
d = open(sys.argv[1], 'rb').read()
pos, idat = 8, b''
while pos < len(d):
    n, t = struct.unpack('>I4s', d[pos:pos + 8])
    c = d[pos + 8:pos + 8 + n]
    if t == b'IHDR':
        w, h, bd, ct = struct.unpack('>IIBB', c[:10])
        bpp = {2: 3, 6: 4}[ct]
    elif t == b'IDAT':
        idat += c
    pos += 12 + n
raw, stride, prev, ink = zlib.decompress(idat), w * bpp, bytearray(w * bpp), 0
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    ink += sum(1 for x in range(w - 4, w) if min(line[x * bpp:x * bpp + 3]) < 200)
    prev = line
sys.exit(1 if ink else 0)
PY
		done
	fi
	for none in mode0_static_lag/mac_moves.png mode0_static_lag/loss.png mode0_static_lag/failover-1.png \
		    mode0_single_switch/reordering.png mode1_failover/reordering.png; do
		if [ -e "$g/$none" ]; then bad "$none drawn with nothing to show"; else ok; fi
	done
	# make bench's cost model (bench/fit.py) and graphs (plots/bench_*.gp) on
	# made-up runs: CPU = 10 ms + 100 ns x frame-hops, wall twice that (a
	# loaded machine); through the origin c is 104.5 ns, the fit with a
	# constant finds the 10 ms and the 100 ns again
	b="$TMP/bench"; mkdir -p "$b"
	awk 'BEGIN { print "# group label hosts rate_mbps sim_s wall_s rss_mib events frame_hops delivered cpu_s"
		for (t = 1; t <= 8; t *= 2) printf "time N=16_%ds 16 100 %d %.4f 5.5 %d %d %d %.4f\n", t, t, 0.02 + t * 0.0532, t * 666000, t * 266000, t * 133000, 0.01 + t * 0.0266
		for (n = 4; n <= 64; n *= 2) printf "hosts N=%d %d 100 2 %.4f %.1f %d %d %d %.4f\n", n, n, 0.02 + n * 0.00666, 4 + n / 8, n * 83000, n * 33300, n * 16650, 0.01 + n * 0.00333
		for (m = 50; m <= 800; m *= 2) printf "load %dM 16 %d 2 %.4f 5.7 %d %d %d %.4f\n", m, m, 0.02 + m * 0.001066, m * 13300, m * 5330, m * 2665, 0.01 + m * 0.000533
		print "tcp TCP_N=4 4 0 1 0.6 5.3 1880000 940000 600000 0.3"
		print "overflow 1200M_N=16 16 1200 1 2.0 80 6800000 2600000 1300000 1.0"
		print "flood aging_1us_N=16 16 100 1 0.2 6.6 3000000 2000000 80000 0.1" }' >"$b/scaling.dat"
	python3 bench/fit.py "$b/scaling.dat" >"$b/fit.txt" 2>&1
	if grep -qx 'c_ns = 104.5' "$b/fit.txt" &&
	   grep -q 'with a constant: cpu = 0.010 s + 100.0 ns x frame-hops$' "$b/fit.txt" &&
	   grep -q 'with a constant: wall = 0.020 s + 200.0 ns x frame-hops$' "$b/fit.txt" &&
	   grep -q '^tcp  *TCP N=4  *940000  *0.600  *0.300  *0.098  *+205 %' "$b/fit.txt"; then ok
	else bad "bench/fit.py: want c_ns = 104.5, 0.010 s + 100.0 ns, TCP +205 %: $(head -5 "$b/fit.txt")"; fi
	for n in cost=1100x700 time=1000x560 hosts=1000x560 load=1000x560; do
		gnuplot -e "dat='$b/scaling.dat'; out='$b/${n%%=*}.png'; c_ns=104.5; w4=0" "plots/bench_${n%%=*}.gp" 2>"$b/err"
		if [ -s "$b/${n%%=*}.png" ] && [ ! -s "$b/err" ] && [ "$(png_size "$b/${n%%=*}.png")" = "${n#*=}" ]; then ok
		else bad "plots/bench_${n%%=*}.gp: $(cat "$b/err") $( [ -s "$b/${n%%=*}.png" ] && png_size "$b/${n%%=*}.png")"; fi
	done
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
# The field options that shape the Ethernet header, against values worked by
# hand from bonding.c (smac ends 00, dmac ends 01; smac's two halves 0x020000
# and 0x000100): an ARP ethertype is no flow, so layer3+4 falls back to
# bond_eth_hash(), 0x01 ^ 0x00 ^ 0x0806 = 2055; a tag in the bytes puts
# 0x8100 there: 0x8101 = 33025; vlan+srcmac hashes the outside tag's whole
# TCI, priority bits included: 100 ^ 0x020100 = 131428, with priority 5
# 0xa064 ^ 0x020100 = 172388.
hash_is() {
	want=$1; shift
	got=$("$BONDSIM" hash --smac 02:00:00:00:01:00 --dmac 02:00:00:00:0a:01 "$@" | tail -n 1)
	if [ "$got" = "$want" ]; then ok; else bad "hash $*: want '$want', got '$got'"; fi
}
hash_is "hash=2055 slave=3" --policy layer3+4 --slaves 4 --ethertype 0x0806
hash_is "hash=33025 slave=1" --policy layer3+4 --slaves 4 --tag 100 --src 10.0.0.1 --dst 10.0.0.2 \
	--sport 1000 --dport 2000
hash_is "hash=131428 slave=1" --policy vlan+srcmac --slaves 3 --vlan 100
hash_is "hash=172388 slave=2" --policy vlan+srcmac --slaves 3 --vlan 100 --vlan-prio 5
want_cli "hash --vlan-prio 9" "bondsim hash: --vlan-prio: '9' is not a priority 0-7
Try 'bondsim hash --help'." "$BONDSIM" hash --slaves 3 --policy vlan+srcmac --vlan 100 --vlan-prio 9
want_cli "hash --vlan-prio without --vlan" "bondsim hash: --vlan-prio needs --vlan
Try 'bondsim hash --help'." "$BONDSIM" hash --slaves 3 --policy vlan+srcmac --vlan-prio 5
want_cli "hash --ethertype zz" "bondsim hash: --ethertype: 'zz' is not an ethertype 0x0000-0xffff (e.g. 0x0800, 0x86dd, 0x0806)
Try 'bondsim hash --help'." "$BONDSIM" hash --slaves 3 --smac 02:00:00:00:01:00 --dmac 02:00:00:00:0a:01 --ethertype zz

# The command line.
"$BONDSIM" >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "no scenario: want exit 2"
"$BONDSIM" --frobnicate x.ini >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "unknown option: want exit 2"
want_cli "a mistyped flag" "bondsim: Unknown option --pcap-link (did you mean '--pcap-links'?)
Try 'bondsim --help'." "$BONDSIM" scenarios/mode0_single_switch.ini --pcap-link server.eth0
want_cli "a mistyped sweep flag" "bondsim sweep: Unknown option --gird (did you mean '--grid'?)
Try 'bondsim sweep --help'." "$BONDSIM" sweep scenarios/mode0_single_switch.ini --gird sim.seed=1,2
# a value or a path twice is one grid point run twice: merge pooled the
# copies, each seed counted twice and the interval came out too narrow
want_cli "a grid value twice" "bondsim sweep: --grid 'server.bond0.miimon=50,100,50': value 3 (50) is value 1 again; give each value once" \
	"$BONDSIM" sweep scenarios/mode1_failover.ini --grid server.bond0.miimon=50,100,50 --out "$TMP/grid2"
want_cli "a grid path twice" "bondsim sweep: --grid server.bond0.miimon is given twice: put all its values in one --grid server.bond0.miimon=V1,V2,..." \
	"$BONDSIM" sweep scenarios/mode1_failover.ini --grid server.bond0.miimon=50 \
	--grid server.bond0.miimon=100 --out "$TMP/grid2"
[ -e "$TMP/grid2" ] && bad "a refused grid wrote its --out" || ok
# "-j 4" meant as sweep's --jobs: refused, and no file named 4 is written
want_cli "-j 4 in a run" "bondsim: --json '4': a file named 4? -j is --json in a run (--jobs is sweep's and compare's); write --json ./4 for that file" \
	"$BONDSIM" scenarios/mode0_single_switch.ini -j 4
if [ -e 4 ]; then rm -f 4; bad "-j 4 wrote a file named 4"; else ok; fi
# a config given by --set has no line in the file: the message names the
# --set (it said "(line -1)")
want_cli "--set a config over ports" "scenarios/mode0_single_switch.ini:16: ports: switch sw1 is configured by 'config' (--set sw1.config=@../tests/worlds/ios_sw1.cfg); say it there in IOS syntax: interface GigabitEthernet0/1 (each interface is a port, Gi0/1)" \
	"$BONDSIM" scenarios/mode0_single_switch.ini --set sw1.config=@../tests/worlds/ios_sw1.cfg
# an empty name (an unset shell variable) is refused before the run: it
# used to run, print the report and only then fail the rename, exit 2
want_cli "--json ''" "bondsim: --json: which file? the name is empty: give a FILE, or - for standard output" \
	"$BONDSIM" scenarios/mode0_single_switch.ini --json ''
"$BONDSIM" scenarios/mode0_single_switch.ini --duration 5parsecs >/dev/null 2>&1; [ $? -eq 2 ] && ok || bad "bad --duration: want exit 2"
"$BONDSIM" scenarios/mode0_single_switch.ini --duration 10 >/dev/null 2>"$TMP/err.txt"
if [ $? -eq 2 ] && grep -qF -- "--duration: invalid time '10' (no unit)" "$TMP/err.txt"; then ok
else bad "--duration 10: want exit 2 and 'no unit', got '$(cat "$TMP/err.txt")'"; fi
want_cli "--duration 0" "bondsim: --duration: '0s' is no time at all: write more than 0, e.g. --duration 10s" \
	"$BONDSIM" scenarios/mode0_single_switch.ini --duration 0s
want_cli "--duration -1" "bondsim: --duration: invalid time '-1' (negative values are not allowed); write a number and a unit (ns, us, ms, s, m, h), e.g. 10us, 100ms, 2.5s, 1m" \
	"$BONDSIM" scenarios/mode0_single_switch.ini --duration -1
# 0 is no "no limit": leaving the option out is
for n in 0 -5; do
	want_cli "--max-events $n" "bondsim: --max-events $n: write a number of events, 1 or more" \
		"$BONDSIM" scenarios/mode0_single_switch.ini --max-events "$n"
done
# A NUL byte ended the text there; a BOM is skipped
printf '020000000a01020000000100080045000014\n\000\n' >"$TMP/nul.txt"
want_cli "hash --frames with a NUL byte" "bondsim hash: --frames: $TMP/nul.txt:2: a NUL byte: this is not a text file
Try 'bondsim hash --help'." "$BONDSIM" hash --slaves 2 --frames "$TMP/nul.txt"
{ printf '\357\273\277'; cat scenarios/mode0_single_switch.ini; } >"$TMP/bom.ini"
"$BONDSIM" "$TMP/bom.ini" --duration 200ms --no-expect >/dev/null 2>&1; [ $? -eq 0 ] && ok || bad "a scenario that starts with a UTF-8 BOM: want exit 0"
for seed in -1 abc 1e3 18446744073709551616; do
	want_cli "--seed $seed" "bondsim: --seed: '$seed' is not a seed: write a whole number from 0 to 9223372036854775807" \
		"$BONDSIM" scenarios/mode0_single_switch.ini --seed "$seed" --out "$TMP/seed-out"
done
[ -e "$TMP/seed-out" ] && bad "--seed refused, but --out was written"
# A --duration that ends before a fault is refused as the scenario's own
# duration is, at the fault's line.
want_cli "--duration before a fault" \
	"scenarios/mode1_failover.ini:$(grep -n '^2.05s' scenarios/mode1_failover.ini | cut -d: -f1): fault at 2.05s is after the end of the run (--duration 1s): give a --duration above 5s (the file's last fault or flow start), or none" \
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
want_cli "a mistyped options flag" "bondsim options: Unknown option --explan (did you mean '--explain'?)
Try 'bondsim options --help'." "$BONDSIM" options --explan scenarios/multi_bond.ini
want_cli "a one-letter typo of a longer flag" "bondsim: Unknown option --pcap-snaplne (did you mean '--pcap-snaplen'?)
Try 'bondsim --help'." "$BONDSIM" scenarios/mode0_single_switch.ini --pcap-snaplne 1
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
# --quiet prints the report's FAIL lines, word for word: whole numbers whole
# (not 2e+09), the port a selector failed on, and in a batch the failed runs
# and the first seed.
{ cat "$TMP/failing.ini"; printf 'sim.time_ns < 5\nall(sw1.port.*.rx_frames) > 1000\n'; } >"$TMP/failing2.ini"
for runs in 0 2; do
	"$BONDSIM" "$TMP/failing2.ini" --duration 2s --runs $runs --quiet >"$TMP/q$runs.out" 2>&1
	rc=$?
	"$BONDSIM" "$TMP/failing2.ini" --duration 2s --runs $runs 2>/dev/null | sed -n 's/^  \(FAIL  \)/\1/p' >"$TMP/q$runs.want"
	if [ $rc -eq 1 ] && [ -s "$TMP/q$runs.want" ] && cmp -s "$TMP/q$runs.out" "$TMP/q$runs.want"; then ok
	else bad "--quiet --runs $runs: exit $rc, '$(cat "$TMP/q$runs.out")', want the report's '$(cat "$TMP/q$runs.want")'"; fi
done
if grep -qx 'FAIL  sim.time_ns < 5  (actual 2000000000 ns)' "$TMP/q0.out" &&
   grep -qx 'FAIL  all(sw1.port.\*.rx_frames) > 1000  (actual 3, sw1.port.Gi0/1.rx_frames)' "$TMP/q0.out" &&
   grep -qx 'FAIL  ping.p.received > 1000  (failed in 2 of 2 runs, first with seed 1: actual 2)' "$TMP/q2.out"; then ok
else bad "--quiet lines: $(cat "$TMP/q0.out" "$TMP/q2.out")"; fi

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

# A module parameter the kernel resets or ignores: the bond loads all the
# same (exit 0), and stderr says so at the line the value was written on,
# for the scenario's own options and for a modprobe.d line alike.
cat >"$TMP/kwarn.ini" <<'INI'
[switch sw1]
ports = Gi0/1-4
[host server]
nics = eth0 eth1
bond bond0 = eth0 eth1
options bond0 = mode=1 miimon=-1 xmit_hash_policy=layer3+4
ip bond0 = 10.0.0.1/24
[host mp]
nics = eth0
modprobe.d =
    alias bond0 bonding
    options bond0 mode=1 miimn=100
[links]
server.eth0 = sw1.Gi0/1
server.eth1 = sw1.Gi0/2
mp.eth0 = sw1.Gi0/3
INI
"$BONDSIM" "$TMP/kwarn.ini" --duration 1s >/dev/null 2>"$TMP/kw.err"
rc=$?
if [ $rc -eq 0 ] &&
   grep -qxF "$TMP/kwarn.ini:6: warning: bond0: miimon module parameter (-1), not in range 0-2147483647, so it was reset to 0" "$TMP/kw.err" &&
   grep -qxF "$TMP/kwarn.ini:6: warning: bond0: xmit_hash_policy param is irrelevant in mode fault-tolerance (active-backup)" "$TMP/kw.err" &&
   grep -qxF "$TMP/kwarn.ini:12: warning: bonding: unknown parameter 'miimn' ignored" "$TMP/kw.err" &&
   [ "$(wc -l <"$TMP/kw.err")" -eq 4 ]; then ok
else bad "kernel warnings: exit $rc, stderr '$(cat "$TMP/kw.err")'"; fi

# A networkd key given twice, an ARP target twice, an empty Address= alone:
# networkd takes the file (the last Mode=, the targets once), stderr says so.
cat >"$TMP/ndwarn.ini" <<'INI'
[switch sw1]
ports = Gi0/1-2
[host server]
nics = eth0 eth1
networkd 25-bond0.netdev =
    [NetDev]
    Name=bond0
    Kind=bond
    [Bond]
    Mode=balance-rr
    Mode=active-backup
    ARPIntervalSec=200ms
    ARPIPTargets=10.0.0.2 10.0.0.2
networkd 30-nics.network =
    [Match]
    Name=eth0 eth1
    [Network]
    Bond=bond0
    Address=
[links]
server.eth0 = sw1.Gi0/1
server.eth1 = sw1.Gi0/2
INI
"$BONDSIM" "$TMP/ndwarn.ini" --duration 1s >/dev/null 2>"$TMP/nd.err"
rc=$?
if [ $rc -eq 0 ] &&
   grep -qxF "$TMP/ndwarn.ini:10: warning: 25-bond0.netdev: [Bond] Mode= given again at $TMP/ndwarn.ini:11 (Mode=active-backup): the last one is what networkd uses" "$TMP/nd.err" &&
   grep -qxF "$TMP/ndwarn.ini:13: warning: bond0: networkd ignores ARPIPTargets=10.0.0.2 here: already given at $TMP/ndwarn.ini:13" "$TMP/nd.err" &&
   grep -qxF "$TMP/ndwarn.ini:19: warning: 30-nics.network: an empty [Network] Address= empties the list the lines before it gave, and none did: it does nothing" "$TMP/nd.err" &&
   [ "$(wc -l <"$TMP/nd.err")" -eq 3 ]; then ok
else bad "networkd warnings: exit $rc, stderr '$(cat "$TMP/nd.err")'"; fi

# Kind=bnod: networkd ignores the line, then the whole .netdev (no Kind=):
# no bond0, a warning for each on stderr, and the run goes on with bond1.
cat >"$TMP/ndkind.ini" <<'INI'
[switch sw1]
ports = Gi0/1-2
[host server]
nics = eth0 eth1
networkd 25-bond0.netdev =
    [NetDev]
    Name=bond0
    Kind=bnod
networkd 26-bond1.netdev =
    [NetDev]
    Name=bond1
    Kind=bond
networkd 30-nics.network =
    [Match]
    Name=eth0 eth1
    [Network]
    Bond=bond1
[links]
server.eth0 = sw1.Gi0/1
server.eth1 = sw1.Gi0/2
INI
"$BONDSIM" "$TMP/ndkind.ini" --duration 1s --out "$TMP/ndkind" >/dev/null 2>"$TMP/ndk.err"
rc=$?
if [ $rc -eq 0 ] &&
   grep -qF "$TMP/ndkind.ini:8: warning: 25-bond0.netdev: Kind=bnod is no kind networkd knows; it ignores the line: write Kind=bond, the kind bondsim models (networkd knows bareudp, batadv, bond, bridge, " "$TMP/ndk.err" &&
   grep -qxF "$TMP/ndkind.ini:6: warning: 25-bond0.netdev: no Kind= networkd knows, so it ignores the whole file (\"NetDev has no Kind= configured\"): bond0 is not created" "$TMP/ndk.err" &&
   [ "$(wc -l <"$TMP/ndk.err")" -eq 2 ] &&
   [ -e "$TMP/ndkind/proc/server/bond1" ] && [ ! -e "$TMP/ndkind/proc/server/bond0" ]; then ok
else bad "networkd Kind=bnod: exit $rc, stderr '$(cat "$TMP/ndk.err")', $(ls "$TMP/ndkind/proc/server" 2>&1)"; fi

# ifupdown takes an option given twice (it joins the lines with a newline):
# the first bond-mode reaches the kernel, the targets add up, a second
# bond-master fails the slave; stderr says each at its line.
cat >"$TMP/ifwarn.ini" <<'INI'
[switch sw1]
ports = Gi0/1-2
[host server]
nics = eth0 eth1
interfaces =
    auto eth1
    iface eth1 inet manual
        bond-master bond0
        bond-master bond0
    auto bond0
    iface bond0 inet manual
        bond-slaves eth0
        bond-mode active-backup
        bond-miimon 100
        bond-mode balance-rr
        bond-primary eth7
[links]
server.eth0 = sw1.Gi0/1
server.eth1 = sw1.Gi0/2
INI
"$BONDSIM" "$TMP/ifwarn.ini" --duration 1s --out "$TMP/ifwarn" >"$TMP/if.out" 2>"$TMP/if.err"
rc=$?
if [ $rc -eq 0 ] &&
   grep -qxF "$TMP/ifwarn.ini:8: warning: eth1: bond-master given again at $TMP/ifwarn.ini:9 (bond-master bond0): ifupdown joins the lines with a newline, ifenslave finds no iface of that name and fails, so ifup eth1 fails and it joins no bond" "$TMP/if.err" &&
   grep -qxF "$TMP/ifwarn.ini:13: warning: bond0: bond-mode given again at $TMP/ifwarn.ini:15 (bond-mode balance-rr): ifupdown joins the lines with a newline and the kernel reads the value up to it: the first one is what the kernel gets" "$TMP/if.err" &&
   grep -qxF "$TMP/ifwarn.ini:16: warning: bond0: no name in bond-primary is a slave of it; ifenslave writes no primary" "$TMP/if.err" &&
   [ "$(wc -l <"$TMP/if.err")" -eq 3 ] &&
   grep -qF "Bonding Mode: fault-tolerance (active-backup)" "$TMP/ifwarn/proc/server/bond0" &&
   ! grep -q "Slave Interface: eth1" "$TMP/ifwarn/proc/server/bond0"; then ok
else bad "ifupdown warnings: exit $rc, stderr '$(cat "$TMP/if.err")'"; fi

# Debian's ifenslave example with a hotplug Wi-Fi slave: the slave's
# bond-mode and bond-miimon reach no bond and bond-give-a-chance is not
# modelled; stderr says each at its line, and nothing else.
"$BONDSIM" tests/worlds/ifenslave_wifi.ini --quiet >/dev/null 2>"$TMP/ifw.err"
rc=$?
w=tests/worlds/ifenslave_wifi.ini
if [ $rc -eq 0 ] && [ "$(wc -l <"$TMP/ifw.err")" -eq 3 ] &&
   grep -qxF "$w:36: warning: wlan0: bond-mode in a stanza with bond-master: ifenslave's hook takes only bond-primary and bond-primary-reselect from a slave's stanza; ignored" "$TMP/ifw.err" &&
   grep -qxF "$w:37: warning: wlan0: bond-miimon in a stanza with bond-master: ifenslave's hook takes only bond-primary and bond-primary-reselect from a slave's stanza; ignored" "$TMP/ifw.err" &&
   grep -qxF "$w:38: warning: wlan0: bond-give-a-chance 10: ifenslave's if-up.d hook makes wlan0 its bond's primary until its link is up (10 s at most), then puts the primary back; not modelled" "$TMP/ifw.err"; then ok
else bad "ifenslave_wifi warnings: exit $rc, stderr '$(cat "$TMP/ifw.err")'"; fi

# Inputs that could hang a run or eat memory are refused at once: an endless
# device, a directory, a FIFO nobody writes to (which reads as empty).
inputs_refused() {
	want=$1; shift
	if timeout 10 "$@" >"$TMP/in.out" 2>"$TMP/in.err"; then bad "$*: accepted"
	elif [ $? -ne 2 ]; then bad "$*: exit $? (want 2)"
	elif grep -qF -- "$want" "$TMP/in.err"; then ok
	else bad "$*: got '$(head -c 300 "$TMP/in.err")', want '$want'"; fi
}
inputs_refused "/dev/zero: larger than 16 MiB, the most bondsim reads from one input file" "$BONDSIM" /dev/zero
inputs_refused "$TMP: is a directory, not a file" "$BONDSIM" "$TMP"
mkfifo "$TMP/fifo"
inputs_refused "$TMP/fifo:1: nothing to simulate" "$BONDSIM" "$TMP/fifo"
inputs_refused "--frames: /dev/zero: larger than 16 MiB" "$BONDSIM" hash --slaves 2 --frames /dev/zero
printf '[host h]\nmodprobe.d = @/dev/zero\n' >"$TMP/inc.ini"
inputs_refused "modprobe.d = @/dev/zero: cannot read it: /dev/zero: larger than 16 MiB" "$BONDSIM" "$TMP/inc.ini"

# Outputs never destroy what is not ours, and never stay half-written.
S1=scenarios/mode1_failover.ini
"$BONDSIM" "$S1" -q --json /dev/null >/dev/null 2>&1
if [ -c /dev/null ]; then ok; else bad "--json /dev/null replaced the device"; fi
"$BONDSIM" "$S1" -q --json /dev/full >/dev/null 2>"$TMP/o.err"
if [ $? -eq 2 ] && grep -qF -- "--json: cannot write /dev/full: No space left on device" "$TMP/o.err"; then ok
else bad "--json /dev/full: want exit 2 and the reason, got '$(cat "$TMP/o.err")'"; fi
echo old >"$TMP/target.json"; ln -s "$TMP/target.json" "$TMP/link.json"
"$BONDSIM" "$S1" -q --json "$TMP/link.json" >/dev/null 2>&1
if [ -L "$TMP/link.json" ] && grep -q '"bondsim"' "$TMP/target.json"; then ok
else bad "--json SYMLINK: want the link kept and its target written"; fi
mkfifo "$TMP/out.fifo"
timeout 10 "$BONDSIM" "$S1" -q --json "$TMP/out.fifo" >/dev/null 2>"$TMP/o.err"
if [ $? -eq 2 ] && grep -qF "a FIFO that nobody reads" "$TMP/o.err"; then ok
else bad "--json FIFO with no reader: want exit 2 at once, got '$(cat "$TMP/o.err")'"; fi
if "$BONDSIM" "$S1" -q --json - | head -c 13 | grep -q '"bondsim"'; then ok; else bad "--json -: want the JSON on stdout"; fi
"$BONDSIM" "$S1" >/dev/full 2>"$TMP/o.err"
if [ $? -eq 2 ] && grep -qF "cannot write the report to standard output: No space left on device" "$TMP/o.err"; then ok
else bad "stdout on /dev/full: want exit 2 and the reason, got '$(cat "$TMP/o.err")'"; fi
# A reused --out: the earlier run's files go, the user's stay, nothing is staged.
o="$TMP/reuse"
"$BONDSIM" "$S1" -q --out "$o" >/dev/null 2>&1
echo mine >"$o/notes.txt"
"$BONDSIM" scenarios/mode0_static_lag.ini -q --out "$o" >/dev/null 2>&1
if [ ! -e "$o/failover.csv" ] && [ ! -e "$o/failover-1.png" ] && [ -e "$o/notes.txt" ] &&
   [ -e "$o/bonds.csv" ] && ! ls -a "$o" | grep -q staging; then ok
else bad "reused --out: want failover files of the first run gone, notes.txt kept: $(ls -a "$o" | tr '\n' ' ')"; fi
# A failed --out changes nothing: conflicts are found before anything moves
# (and before the run when the name is known then), and --json/--junit keep
# their old content.
echo oldjson >"$TMP/r.json"; echo oldjunit >"$TMP/j.xml"
mkdir "$TMP/od2"; echo x >"$TMP/od2/logs"
want_cli "--out with a file where logs/ goes" \
	"bondsim: $TMP/od2/logs is not a directory, and --out $TMP/od2 writes $TMP/od2/logs/server.log in it: move it away or choose another --out" \
	"$BONDSIM" "$S1" --out "$TMP/od2" --json "$TMP/r.json" --junit "$TMP/j.xml"
if [ "$(ls -A "$TMP/od2")" = logs ] && [ "$(cat "$TMP/od2/logs")" = x ] &&
   [ "$(cat "$TMP/r.json")" = oldjson ] && [ "$(cat "$TMP/j.xml")" = oldjunit ]; then ok
else bad "failed --out: want od2 as it was and r.json, j.xml unchanged: $(ls -A "$TMP/od2" | tr '\n' ' ')"; fi
mkdir -p "$TMP/od3/report.txt"
want_cli "--out with a folder where report.txt goes" \
	"bondsim: $TMP/od3/report.txt is a directory, and --out $TMP/od3 writes a file there: move it away or choose another --out" \
	"$BONDSIM" "$S1" --out "$TMP/od3" --json "$TMP/r.json"
if [ "$(ls -A "$TMP/od3")" = report.txt ] && [ "$(cat "$TMP/r.json")" = oldjson ]; then ok
else bad "--out od3: want od3 as it was: $(ls -A "$TMP/od3" | tr '\n' ' ')"; fi
# a graph's name is known only once the run is over: caught at the commit, still before any move
mkdir -p "$TMP/od4/failover-1.png"
"$BONDSIM" "$S1" -q --out "$TMP/od4" --json "$TMP/r.json" >/dev/null 2>"$TMP/o.err"; rc=$?
if [ $rc -eq 2 ] && [ "$(ls -A "$TMP/od4")" = failover-1.png ] && [ "$(cat "$TMP/r.json")" = oldjson ] &&
   grep -qF "bondsim: $TMP/od4/failover-1.png is a directory, and --out $TMP/od4 writes a file there" "$TMP/o.err"; then ok
else bad "--out od4: want exit 2, od4 as it was, r.json kept (exit $rc: $(cat "$TMP/o.err"))"; fi
# A rename that fails midway (an immutable file of the earlier run in the
# way of the last one, a graph): every file moved back, the earlier run
# whole, --json kept.  Skipped where chattr +i is not allowed.
o="$TMP/odr"
"$BONDSIM" "$S1" -q --out "$o" >/dev/null 2>&1
if chattr +i "$o/failover-2.png" 2>/dev/null; then
	(cd "$o" && find . -type d -printf '%p\n' -o -printf '%p %i %s %T@\n' | sort) >"$TMP/odr.before"
	"$BONDSIM" scenarios/mode1_failover.ini -q --seed 2 --out "$o" --json "$TMP/r.json" >/dev/null 2>"$TMP/o.err"; rc=$?
	chattr -i "$o/failover-2.png"
	(cd "$o" && find . -type d -printf '%p\n' -o -printf '%p %i %s %T@\n' | sort) >"$TMP/odr.after"
	if [ $rc -eq 2 ] && cmp -s "$TMP/odr.before" "$TMP/odr.after" && [ "$(cat "$TMP/r.json")" = oldjson ] &&
	   grep -qF "bondsim: cannot write $o/failover-2.png: Operation not permitted" "$TMP/o.err"; then ok
	else bad "a move that fails midway: want exit 2 and --out as it was (exit $rc: $(cat "$TMP/o.err"); $(diff "$TMP/odr.before" "$TMP/odr.after" | head -5))"; fi
fi
# --junit's rename fails after --json's and --out's succeeded (an immutable
# file, which the checks before the run let through): --json back to its
# earlier file, --out as it was.  Skipped where chattr +i is not allowed.
o="$TMP/odj"
"$BONDSIM" "$S1" -q --out "$o" >/dev/null 2>&1
if chattr +i "$TMP/j.xml" 2>/dev/null; then
	(cd "$o" && find . -type d -printf '%p\n' -o -printf '%p %i %s %T@\n' | sort) >"$TMP/odj.before"
	ino=$(stat -c %i "$TMP/r.json")
	"$BONDSIM" scenarios/mode1_failover.ini -q --seed 2 --out "$o" --json "$TMP/r.json" --junit "$TMP/j.xml" \
		>/dev/null 2>"$TMP/o.err"; rc=$?
	chattr -i "$TMP/j.xml"
	(cd "$o" && find . -type d -printf '%p\n' -o -printf '%p %i %s %T@\n' | sort) >"$TMP/odj.after"
	if [ $rc -eq 2 ] && [ "$(cat "$TMP/r.json")" = oldjson ] && [ "$(stat -c %i "$TMP/r.json")" = "$ino" ] &&
	   [ "$(cat "$TMP/j.xml")" = oldjunit ] && cmp -s "$TMP/odj.before" "$TMP/odj.after" &&
	   [ -z "$(find "$TMP" -maxdepth 1 -name '.r.json.*' -o -maxdepth 1 -name '.j.xml.*')" ] &&
	   grep -qxF "bondsim: --junit: cannot write $TMP/j.xml: Operation not permitted" "$TMP/o.err"; then ok
	else bad "--junit rename fails at the commit: want exit 2, --json and --out as they were (exit $rc: $(cat "$TMP/o.err"); $(head -c 20 "$TMP/r.json"); $(diff "$TMP/odj.before" "$TMP/odj.after" | head -5))"; fi
fi
# A write that fails through a symlink leaves its target whole; one that
# succeeds replaces the target and keeps the link.
echo keep >"$TMP/tgt.json"; ln -s tgt.json "$TMP/link2.json"
(ulimit -f 4; "$BONDSIM" scenarios/mode0_single_switch.ini -q --json "$TMP/link2.json" >/dev/null 2>"$TMP/o.err"); rc=$?
if [ $rc -eq 2 ] && [ "$(cat "$TMP/tgt.json")" = keep ] && [ -L "$TMP/link2.json" ] &&
   [ -z "$(find "$TMP" -maxdepth 1 -name '.tgt.json.*')" ]; then ok
else bad "--json SYMLINK, ulimit -f: want exit 2 and the target kept (exit $rc, $(head -c 40 "$TMP/tgt.json"))"; fi
"$BONDSIM" scenarios/mode0_single_switch.ini -q --json "$TMP/link2.json" >/dev/null 2>&1
if [ -L "$TMP/link2.json" ] && [ "$(readlink "$TMP/link2.json")" = tgt.json ] &&
   grep -q '"bondsim"' "$TMP/tgt.json"; then ok
else bad "--json SYMLINK: want the link kept and its target replaced"; fi
(ulimit -f 4; "$BONDSIM" scenarios/mode0_single_switch.ini -q --out "$TMP/ulo/sub" >/dev/null 2>&1); rc=$?
if [ $rc -eq 2 ] && [ ! -e "$TMP/ulo" ]; then ok
else bad "--out NEW, ulimit -f: want exit 2 and no folder left (exit $rc)"; fi
# A file of the user's where --out writes: refused, kept.
mkdir "$TMP/od7"; echo mine >"$TMP/od7/report.txt"
want_cli "--out over a user's file" \
	"bondsim: $TMP/od7/report.txt is not from an earlier bondsim run: move it away or choose another --out" \
	"$BONDSIM" scenarios/mode0_single_switch.ini --out "$TMP/od7"
if [ "$(cat "$TMP/od7/report.txt")" = mine ] && [ "$(ls -A "$TMP/od7")" = report.txt ]; then ok
else bad "--out over a user's file: want it kept: $(ls -A "$TMP/od7" | tr '\n' ' ')"; fi
# Outputs never land on the scenario or on each other.
cp "$S1" "$TMP/victim.ini"; ln "$TMP/victim.ini" "$TMP/hard.ini"
want_cli "--json SCENARIO" "bondsim: --json $TMP/victim.ini is the scenario file itself: choose another name" \
	"$BONDSIM" "$TMP/victim.ini" --json "$TMP/victim.ini"
want_cli "--junit ./SCENARIO" "bondsim: --junit ./victim.ini is the scenario file itself: choose another name" \
	sh -c 'cd "$1" && exec "$2" victim.ini --junit ./victim.ini' sh "$TMP" "$(realpath "$BONDSIM")"
want_cli "--json HARD-LINK" "bondsim: --json $TMP/hard.ini is the scenario file itself: choose another name" \
	"$BONDSIM" "$TMP/victim.ini" --json "$TMP/hard.ini"
if cmp -s "$S1" "$TMP/victim.ini"; then ok; else bad "the scenario was overwritten"; fi
mkdir "$TMP/od5"; cp "$S1" "$TMP/od5/report.txt"
want_cli "--out over the scenario" \
	"bondsim: --out $TMP/od5 would write $TMP/od5/report.txt over the scenario file: choose another --out" \
	"$BONDSIM" "$TMP/od5/report.txt" --out "$TMP/od5"
want_cli "--json and --junit one file" \
	"bondsim: --json $TMP/same.out and --junit ./same.out are the same file: give each its own name" \
	sh -c 'cd "$1" && exec "$2" "$3" --json "$1/same.out" --junit ./same.out' sh "$TMP" "$(realpath "$BONDSIM")" "$(realpath "$S1")"
want_cli "--json inside --out" \
	"bondsim: --json $TMP/od6/report.json is a file --out $TMP/od6 writes: choose another name" \
	"$BONDSIM" "$S1" --out "$TMP/od6" --json "$TMP/od6/report.json"
if [ ! -e "$TMP/same.out" ] && [ ! -e "$TMP/od6" ]; then ok
else bad "refused outputs: want nothing written"; fi
# Nor on a file the scenario reads with "KEY = @FILE" or a --set takes from
# one: refused before the run, naming the line or the --set that read it.
i="$TMP/inc1"; mkdir "$i"
cp tests/worlds/ios_config_file.ini "$i/s.ini"; cp tests/worlds/ios_sw1.cfg "$i/"; cp "$i/ios_sw1.cfg" "$i/other.cfg"
want_cli "--json @FILE" \
	"bondsim: --json $i/ios_sw1.cfg is the file read by $i/s.ini:14 (config = @ios_sw1.cfg) itself: choose another name" \
	"$BONDSIM" "$i/s.ini" --json "$i/ios_sw1.cfg"
want_cli "--junit ./--set @FILE" \
	"bondsim: --junit ./other.cfg is the file read by --set sw1.config=@other.cfg itself: choose another name" \
	sh -c 'cd "$1" && exec "$2" s.ini --set sw1.config=@other.cfg --junit ./other.cfg' sh "$i" "$(realpath "$BONDSIM")"
if cmp -s tests/worlds/ios_sw1.cfg "$i/ios_sw1.cfg" && cmp -s tests/worlds/ios_sw1.cfg "$i/other.cfg"; then ok
else bad "an @file was overwritten"; fi
# an earlier run's file under --out, read back by the next run into it
i="$TMP/inc2"; mkdir "$i"
cp tests/worlds/ios_config_file.ini "$i/s.ini"; cp tests/worlds/ios_sw1.cfg "$i/"
"$BONDSIM" "$i/s.ini" -q --out "$i/o" >/dev/null 2>&1
sed 's|@ios_sw1.cfg|@o/sw1.running-config|' "$i/s.ini" >"$i/s2.ini"
ino=$(stat -c %i "$i/o/sw1.running-config")
want_cli "--out over an @FILE" \
	"bondsim: --out $i/o would write $i/o/sw1.running-config over the file read by $i/s2.ini:14 (config = @o/sw1.running-config): choose another --out" \
	"$BONDSIM" "$i/s2.ini" --out "$i/o"
if [ "$(stat -c %i "$i/o/sw1.running-config")" = "$ino" ]; then ok
else bad "--out over an @FILE: the file was replaced"; fi
# and not removed as the earlier run's leftover when this run does not write it
printf '[sim]\nduration = 1s\nruns = 2\n[host a]\nnics = eth0 eth1\nmodprobe.d = @o/throughput.csv\nbond bond0 = eth0 eth1\nip bond0 = 10.0.0.1/24\n[host b]\nip = 10.0.0.2/24\n[switch sw1]\nports = p1-3\n[links]\na.eth0 = sw1.p1\na.eth1 = sw1.p2\nb.eth0 = sw1.p3\n' >"$i/s3.ini"
cp "$i/o/throughput.csv" "$i/tp.before"
"$BONDSIM" "$i/s3.ini" -q --out "$i/o" >/dev/null 2>"$i/s3.err"; rc=$?
if [ $rc -eq 0 ] && cmp -s "$i/tp.before" "$i/o/throughput.csv" && [ -e "$i/o/runs.csv" ] && [ ! -e "$i/o/bonds.csv" ]; then ok
else bad "--out with an @FILE of the earlier run: want it kept, the other files replaced (exit $rc: $(cat "$i/s3.err"))"; fi
# Limits: --max-events stops at the same place every time; signals end the
# run with a complete report marked as such, and no partial file.
"$BONDSIM" "$S1" --max-events 100000 --json "$TMP/me1.json" >"$TMP/me1.txt" 2>/dev/null; rc1=$?
"$BONDSIM" "$S1" --max-events 100000 --json "$TMP/me2.json" >/dev/null 2>&1
if [ $rc1 -eq 1 ] && cmp -s "$TMP/me1.json" "$TMP/me2.json" &&
   grep -q '^!! Stopped at t=2.791704 s by --max-events' "$TMP/me1.txt"; then ok
else bad "--max-events: want exit 1, the same report twice, stopped at 2.791704 s"; fi
# the dump at 5s was not reached: said at its time, not at 0s
if grep -A1 -x '== /proc/net/bonding/bond0 on server at 5s' "$TMP/me1.txt" | grep -qx '(not reached)' &&
   grep -A1 -x '      "time_ns": 5000000000,' "$TMP/me1.json" | grep -qx '      "text": null'; then ok
else bad "--max-events: want the dump at 5s reported not reached at 5s ($(grep -A1 'proc/net/bonding' "$TMP/me1.txt" | tail -2))"; fi
# --max-wall: a run of 10 hours simulated (minutes of wall time on any
# machine) stopped after half a second of wall time, the report complete up
# to there and saying so; where it stops varies with the machine, so only
# that it stopped, and soon, is checked.
timeout 30 "$BONDSIM" scenarios/mode0_single_switch.ini --duration 10h --max-wall 0.5s \
	--json "$TMP/mw.json" >"$TMP/mw.txt" 2>"$TMP/mw.err"; rc=$?
if [ $rc -eq 1 ] && grep -q '^!! Stopped at t=[0-9.]* s by --max-wall: this report covers 0 to' "$TMP/mw.txt" &&
   grep -q '"by": "--max-wall"' "$TMP/mw.json" && grep -q 'stopped by --max-wall' "$TMP/mw.err"; then ok
else bad "--max-wall 0.5s: want exit 1 within 30 s and a report stopped by --max-wall, got exit $rc: $(cat "$TMP/mw.err")"; fi
# Events per hop (nic.c "sent ahead"): 4 hosts on one switch, UDP at 500
# Mbit/s for 0.1 s: 16660 packets delivered over 2 hops for 50017 events,
# one for the sender's timer and one per hop (it was 83373, two per hop).
bench/switched.sh 4 500M 0.1 >"$TMP/sw4.ini"
"$BONDSIM" "$TMP/sw4.ini" --quiet --json "$TMP/sw4.json" >/dev/null 2>&1
if grep -q '"events": 50017,' "$TMP/sw4.json" && grep -q '"received": 4165,' "$TMP/sw4.json"; then ok
else bad "switched.sh 4 500M 0.1: want 50017 events, 4165 packets per flow, got $(grep -o '"events": [0-9]*' "$TMP/sw4.json" | head -1)"; fi
for sig in INT TERM; do
	o="$TMP/sig$sig"
	"$BONDSIM" scenarios/mode0_single_switch.ini --duration 1h --out "$o" --pcap-links server.eth0 \
		>"$TMP/sig.txt" 2>/dev/null &
	pid=$!
	sleep 1
	kill -$sig $pid
	wait $pid; rc=$?
	want=130; [ $sig = TERM ] && want=143
	if [ $rc -eq $want ] && grep -q "^!! Interrupted at t=.* by SIG$sig: this report covers 0 to" "$TMP/sig.txt" &&
	   grep -q '"by": "SIG'$sig'"' "$o/report.json" && [ -s "$o/pcap/server.eth0--sw1.Gi0_1.pcap" ] &&
	   [ -z "$(find "$o" -name '*.part' -o -name '.bondsim-staging*')" ]; then ok
	else bad "SIG$sig: want exit $want, an interrupted report, a complete capture, no partial file (exit $rc)"; fi
done

# Determinism of every output: the same seed gives the same bytes in every
# file (report, JSON, CSV, logs, /proc, /sys, captures, graphs; the sysfs
# symlinks compared as links, their loops are the kernel's); another seed
# changes what randomness touches (when each bond opened, hence the outage)
# and nothing else (addresses, cabling, the configuration).
for k in 1 2; do
	"$BONDSIM" scenarios/mode1_failover_distribution.ini --runs 0 -q --out "$TMP/det$k" --pcap >/dev/null 2>&1
done
if diff -r --no-dereference "$TMP/det1" "$TMP/det2" >/dev/null; then ok; else bad "same seed, --out --pcap: the files differ"; fi
"$BONDSIM" scenarios/mode1_failover_distribution.ini --runs 0 --seed 2 -q --json "$TMP/seed2.json" >/dev/null 2>&1
if command -v python3 >/dev/null 2>&1; then
	if python3 - "$TMP/det1/report.json" "$TMP/seed2.json" <<'PY'; then ok; else bad "another seed: differs where randomness does not touch, or not where it does"; fi
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def macs(r):
    return [(h["name"], [(n["name"], n["mac"]) for n in h["nics"]]) for h in r["hosts"]]
same = a["links"] == b["links"] and macs(a) == macs(b) and a["seed"] != b["seed"]
differ = a["metrics"]["server.bond0.open_at_ms"] != b["metrics"]["server.bond0.open_at_ms"] and \
         a["metrics"]["failover.1.outage_ms"] != b["metrics"]["failover.1.outage_ms"]
sys.exit(0 if same and differ else 1)
PY
fi

# TCP on the wire: whole frames of a small request/response world through
# Wireshark with checksum validation on.  Every TCP segment's checksum is
# good, nothing is malformed, and with sequence analysis off (reordering
# and retransmission are what the scenario is about) no expert warning but
# a D-SACK (a duplicate reported, which is the point of D-SACK) is
# left; the handshake carries Linux's options.
if command -v tshark >/dev/null 2>&1; then
	out="$TMP/tcpcap"
	"$BONDSIM" tests/worlds/tcp_capture.ini --out "$out" --pcap --pcap-snaplen 0 --quiet >/dev/null 2>&1
	p=$(ls "$out"/pcap/a.eth0--*.pcap 2>/dev/null | head -1)
	if [ -n "$p" ]; then
		to="-o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE -o tcp.analyze_sequence_numbers:FALSE"
		# shellcheck disable=SC2086
		segs=$(tshark $to -r "$p" -Y tcp 2>/dev/null | wc -l)
		# shellcheck disable=SC2086
		good=$(tshark $to -r "$p" -Y 'tcp.checksum.status == 1' 2>/dev/null | wc -l)
		# shellcheck disable=SC2086
		worse=$(tshark $to -r "$p" -Y '_ws.malformed or tcp.checksum.status == 0 or ip.checksum.status == 0 or (_ws.expert.severity >= 6291456 and not tcp.options.sack.dsack)' 2>/dev/null | wc -l)
		# shellcheck disable=SC2086
		syn=$(tshark $to -r "$p" -Y 'tcp.flags.syn == 1 and tcp.options.mss_val == 1460 and tcp.options.sack_perm and tcp.options.wscale.shift == 7 and tcp.options.timestamp.tsval' 2>/dev/null | wc -l)
		if [ "$segs" -gt 100 ] && [ "$good" -eq "$segs" ] && [ "$worse" -eq 0 ] && [ "$syn" -ge 2 ]; then ok
		else bad "tcp capture: $segs segments, $good with a good checksum, $worse bad or warned, $syn SYNs with Linux's options"; fi
	else
		bad "tcp capture: no pcap written"
	fi
	if [ -s "$out/tcp.csv" ] && head -1 "$out/tcp.csv" | grep -q '^time_s,web.goodput_mbps,web.retrans,web.cwnd,web.ssthresh,web.srtt_ms,bulk.goodput_mbps'; then ok
	else bad "tcp.csv: $(head -1 "$out/tcp.csv" 2>/dev/null)"; fi
fi

# A template that fails half-way leaves no half-drawn PNG behind.
if command -v gnuplot >/dev/null 2>&1; then
	mkdir -p "$TMP/badplots"
	cp plots/*.gp "$TMP/badplots/"
	printf 'set terminal pngcairo\nset output out\nplot sin(x)\nno_such_command\n' >"$TMP/badplots/throughput.gp"
	BONDSIM_PLOTS="$TMP/badplots" "$BONDSIM" scenarios/mode0_static_lag.ini --out "$TMP/bp" >/dev/null 2>"$TMP/bp.err"
	if [ ! -e "$TMP/bp/throughput.png" ] && [ -s "$TMP/bp/bonds.png" ] && grep -qF "gnuplot could not draw $TMP/bp/throughput.png" "$TMP/bp.err"; then ok
	else bad "failed template: want no throughput.png, the other graphs, and gnuplot's complaint"; fi
	# compare's, merge's and a batch's graphs too; each names the file the user
	# will look for, not the staging folder it was drawn in
	for gp in compare summary runs; do
		printf 'set terminal pngcairo\nset output out\nplot sin(x)\nno_such_command\n' >"$TMP/badplots/$gp.gp"
	done
	BONDSIM_PLOTS="$TMP/badplots" "$BONDSIM" compare scenarios/mode1_failover_distribution.ini --runs 1 --modes 1 \
		--set sim.duration=3s --out "$TMP/bc" >/dev/null 2>"$TMP/bc.err"
	BONDSIM_PLOTS="$TMP/badplots" "$BONDSIM" sweep scenarios/mode1_failover_distribution.ini --grid server.bond0.miimon=50 \
		--set sim.duration=3s --out "$TMP/bs" --metric sim.time_ns >/dev/null 2>"$TMP/bs.err"
	BONDSIM_PLOTS="$TMP/badplots" "$BONDSIM" scenarios/mode1_failover_distribution.ini --runs 2 \
		--set sim.duration=3s --out "$TMP/bb" >/dev/null 2>"$TMP/bb.err"
	if [ -s "$TMP/bc/compare.csv" ] && [ ! -e "$TMP/bc/compare.png" ] &&
	   grep -qF "gnuplot could not draw $TMP/bc/compare.png" "$TMP/bc.err" &&
	   grep -qF "gnuplot could not draw $TMP/bs/summary.png with" "$TMP/bs.err" &&
	   grep -qxF "bondsim merge: gnuplot could not draw $TMP/bs/summary.png: nothing was written" "$TMP/bs.err" &&
	   grep -qF "gnuplot could not draw $TMP/bb/runs.png" "$TMP/bb.err" &&
	   ! grep -q 'bondsim-staging\|bondsim-merge' "$TMP/bc.err" "$TMP/bs.err" "$TMP/bb.err"; then ok
	else bad "failed compare/summary/runs templates: $(cat "$TMP/bc.err" "$TMP/bs.err" "$TMP/bb.err" | grep 'could not draw')"; fi
fi

# A gnuplot that starts a PNG and dies half-way (this fake one, first in
# PATH): no half-drawn graph reaches its place, each failure names the file
# the user will look for, and merge, which fails as a whole, leaves the
# earlier summary.png as it was (and does not say "the CSV files are
# there": it wrote none).
mkdir "$TMP/fakegp"
cat >"$TMP/fakegp/gnuplot" <<'EOF'
#!/bin/sh
out=$(printf '%s\n' "$2" | sed -n "s/^\(.*; \)\{0,1\}out='\([^']*\)'.*/\2/p" | sed 's/%s/1/')
printf '\211PNG\r\n\032\n' >"$out"
echo "fake gnuplot: died half-way" >&2
exit 1
EOF
chmod +x "$TMP/fakegp/gnuplot"
PATH="$TMP/fakegp:$PATH" "$BONDSIM" "$S1" --out "$TMP/fg1" >/dev/null 2>"$TMP/fg1.err"
PATH="$TMP/fakegp:$PATH" "$BONDSIM" scenarios/mode1_failover_distribution.ini --runs 2 \
	--set sim.duration=3s --out "$TMP/fg2" >/dev/null 2>"$TMP/fg2.err"
PATH="$TMP/fakegp:$PATH" "$BONDSIM" compare scenarios/mode1_failover_distribution.ini --runs 1 --modes 1 \
	--set sim.duration=3s --out "$TMP/fg3" >/dev/null 2>"$TMP/fg3.err"
if [ -s "$TMP/fg1/failover.csv" ] && [ -s "$TMP/fg2/runs.csv" ] && [ -s "$TMP/fg3/compare.csv" ] &&
   [ -z "$(find "$TMP/fg1" "$TMP/fg2" "$TMP/fg3" -name '*.png')" ] &&
   grep -qF "bondsim: gnuplot could not draw $TMP/fg1/failover-*.png with" "$TMP/fg1.err" &&
   grep -qF "bondsim: gnuplot could not draw $TMP/fg1/throughput.png with" "$TMP/fg1.err" &&
   grep -qF "bondsim: gnuplot could not draw $TMP/fg2/runs.png with" "$TMP/fg2.err" &&
   grep -qF "bondsim: gnuplot could not draw $TMP/fg3/compare.png with" "$TMP/fg3.err"; then ok
else bad "a gnuplot that fails half-way: want no PNG and the final names: $(find "$TMP/fg1" "$TMP/fg2" "$TMP/fg3" -name '*.png' | tr '\n' ' ') $(cat "$TMP/fg1.err" "$TMP/fg2.err" "$TMP/fg3.err" | grep -v 'died half-way' | head -c 600)"; fi
"$BONDSIM" sweep scenarios/mode1_failover_distribution.ini --grid server.bond0.miimon=50 \
	--set sim.duration=3s --out "$TMP/fg4" >/dev/null 2>&1
echo 'the earlier graph' >"$TMP/fg4/summary.png"
PATH="$TMP/fakegp:$PATH" "$BONDSIM" merge "$TMP/fg4" --metric sim.time_ns >/dev/null 2>"$TMP/fg4.err"; rc=$?
if [ $rc -eq 2 ] && [ "$(cat "$TMP/fg4/summary.png")" = 'the earlier graph' ] &&
   [ -z "$(find "$TMP/fg4" -maxdepth 1 -name '.bondsim-staging*')" ] &&
   grep -qxF "bondsim merge: gnuplot could not draw $TMP/fg4/summary.png: nothing was written" "$TMP/fg4.err" &&
   ! grep -q 'the CSV files are there' "$TMP/fg4.err"; then ok
else bad "merge with a gnuplot that fails half-way: want exit 2 and summary.png as it was (exit $rc: $(cat "$TMP/fg4.err"))"; fi

# A switch configured in IOS syntax: its show running-config, in --out, is
# the file it was read from when that file is a running-config already, and
# read back as the config of the same world it gives the same report.
"$BONDSIM" tests/worlds/ios_config_file.ini --out "$TMP/ios1" --quiet >/dev/null 2>&1
if cmp -s "$TMP/ios1/sw1.running-config" tests/worlds/ios_sw1.cfg; then ok
else bad "ios_config_file.ini: sw1.running-config differs from tests/worlds/ios_sw1.cfg"; fi
"$BONDSIM" scenarios/ios_port_channel.ini --out "$TMP/ios2" >/dev/null 2>&1
mkdir -p "$TMP/ios3"
cp "$TMP/ios2/sw1.running-config" "$TMP/ios3/sw1.cfg"
awk '/^config =/ { print "config = @sw1.cfg"; skip = 1; next }
     skip && /^[ \t]/ { next } { skip = 0; print }' scenarios/ios_port_channel.ini >"$TMP/ios3/s.ini"
if "$BONDSIM" "$TMP/ios3/s.ini" --out "$TMP/ios3/out" >/dev/null 2>&1 &&
   cmp -s "$TMP/ios3/out/sw1.running-config" "$TMP/ios2/sw1.running-config" &&
   [ "$(sed 1d "$TMP/ios3/out/report.txt")" = "$(sed 1d "$TMP/ios2/report.txt")" ]; then ok
else bad "ios_port_channel.ini: its running-config read back as config gives another switch or report"; fi

# same_report_but A.json B.json KEY...: same_switch_report, and with KEYs
# the KEYs of each switch's "mlag" block, its "show vpc" text and the
# metrics named *.mlag.KEY left out too: what a pasted domain makes differ
# on purpose.
same_report_but() {
	python3 - "$@" <<'PY'
import json, re, sys
keys = set(sys.argv[3:])
# nxos_lacp: A is a pasted NX-OS domain, whose MLAG channels speak key
# 0x8000 + the vPC number with 0x4000 on the second switch's port numbers
# (sw_mlag_set_nxos_lacp()); B's are the MLAG id and 0x8000.  Mapped back,
# nothing else may differ.
def nxos_back(r):
    def key(k):
        return k - 0x8000 if 0x8000 < k <= 0x8000 + 4096 else k
    def port(p):
        return p & ~0x4000 | 0x8000 if 0x4000 <= p < 0x8000 else p
    for s in r["switches"]:
        for lag in s.get("lags", []):
            if not lag.get("mlag_id"):
                continue
            lag["key"] = key(lag["key"])
            for m in lag.get("lacp_members", []):
                m["actor"]["key"] = key(m["actor"]["key"])
                m["actor"]["port"] = port(m["actor"]["port"])
    text = json.dumps(r)
    text = re.sub(r"(Partner Key: |oper key: )(\d+)",
                  lambda m: m.group(1) + str(key(int(m.group(2)))), text)
    text = re.sub(r"(port number: )(\d+)",
                  lambda m: m.group(1) + str(port(int(m.group(2)))), text)
    return json.loads(text)
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items()
                if k not in ("running_config", "scenario", "line", "fault_line")}
    if isinstance(o, list):
        return [strip(x) for x in o]
    return o
def mlag_out(r):
    for s in r["switches"]:
        if "mlag" in s:
            s["mlag"] = {k: v for k, v in s["mlag"].items() if k not in keys}
        s["shows"] = [x for x in s.get("shows", []) if "vPC domain id" not in x.get("text", "")]
    r["metrics"] = {k: v for k, v in r["metrics"].items()
                    if not (".mlag." in k and k.split(".mlag.")[1] in keys)}
    return r
a, b = (strip(json.load(open(f))) for f in sys.argv[1:3])
if "nxos_lacp" in keys:
    a = nxos_back(a)
if keys:
    a, b = mlag_out(a), mlag_out(b)
sys.exit(0 if a == b and a["switches"] else 1)
PY
}

# same_switch_report A.json B.json: the same JSON report but for what a pasted
# config changes (the running-config, the scenario's name, line numbers);
# same_report_but below with no KEY.
same_switch_report() { same_report_but "$1" "$2"; }

# MLAG channels in pasted configs ("mlag 1" under interface Port-channel1):
# the same world as mode4_mlag.ini's "lag Po1 = ... mlag=1", the same
# report but for line numbers, and "mlag 1" in the running-config.
"$BONDSIM" tests/worlds/ios_mlag.ini --json "$TMP/im.json" --out "$TMP/im" --quiet >/dev/null 2>&1
"$BONDSIM" scenarios/mode4_mlag.ini --json "$TMP/m4.json" --quiet >/dev/null 2>&1
if command -v python3 >/dev/null 2>&1; then
	if same_switch_report "$TMP/im.json" "$TMP/m4.json"; then ok
	else bad "ios_mlag.ini: its report differs from mode4_mlag.ini's"; fi
fi
if grep -qx ' mlag 1' "$TMP/im/sw1.running-config" && grep -qx ' mlag 1' "$TMP/im/sw2.running-config"; then ok
else bad "ios_mlag.ini: no ' mlag 1' in the switches' running-config"; fi

# "vpc orphan-port suspend" in a pasted config: the same world and report
# as mode1_mlag_orphan.ini's "orphan_port_suspend Gi0/3 = on", and the
# command back in the running-config.
"$BONDSIM" tests/worlds/ios_mlag_orphan.ini --json "$TMP/io.json" --out "$TMP/io" --quiet >/dev/null 2>&1
"$BONDSIM" scenarios/mode1_mlag_orphan.ini --json "$TMP/mo.json" --quiet >/dev/null 2>&1
if command -v python3 >/dev/null 2>&1; then
	if same_switch_report "$TMP/io.json" "$TMP/mo.json"; then ok
	else bad "ios_mlag_orphan.ini: its report differs from mode1_mlag_orphan.ini's"; fi
fi
if grep -qx ' vpc orphan-port suspend' "$TMP/io/sw2.running-config"; then ok
else bad "ios_mlag_orphan.ini: no ' vpc orphan-port suspend' in sw2's running-config"; fi

# MLAG domains pasted as NX-OS configs ("feature vpc", "vpc domain 10",
# "vpc peer-link") and no [mlag]: mode1_mlag_orphan.ini's world and report
# but for the domain's name; the domain back in the running-config.
"$BONDSIM" tests/worlds/ios_vpc_domain.ini --json "$TMP/ivd.json" --out "$TMP/ivd" --quiet >/dev/null 2>&1
if command -v python3 >/dev/null 2>&1; then
	if same_report_but "$TMP/ivd.json" "$TMP/mo.json" name nxos_lacp; then ok
	else bad "ios_vpc_domain.ini: its report differs from mode1_mlag_orphan.ini's"; fi
fi
# NX-OS's LACP identity on the wire: core's bond hears key 0x8000 + vPC 1
# from both switches, and sw2's port 1 as 0x4001.
if grep -q 'Partner Key: 32769\\n' "$TMP/ivd.json" &&
   grep -q 'oper key: 32769\\n    port priority: 32768\\n    port number: 16385\\n' "$TMP/ivd.json"; then ok
else bad "ios_vpc_domain.ini: core's bond0 does not show NX-OS's partner key 32769 and port 16385"; fi
if grep -qx 'vpc domain 10' "$TMP/ivd/sw2.running-config" &&
   grep -qx ' vpc peer-link' "$TMP/ivd/sw2.running-config"; then ok
else bad "ios_vpc_domain.ini: no 'vpc domain 10' and ' vpc peer-link' in sw2's running-config"; fi

# The same as Arista EOS configs ("mlag configuration", domain-id pair):
# mode4_mlag.ini's report but for what EOS has otherwise (no role
# priority, so the lower MAC, sw2, is the primary; no keepalive of its
# own), and reload-delay warned of as not modelled.
"$BONDSIM" tests/worlds/ios_eos_mlag.ini --json "$TMP/iem.json" --quiet >/dev/null 2>"$TMP/iem.err"
if command -v python3 >/dev/null 2>&1; then
	if same_report_but "$TMP/iem.json" "$TMP/m4.json" role operational_role role_priority \
	   keepalive keepalive_last_heard_ns operational_primary; then ok
	else bad "ios_eos_mlag.ini: its report differs from mode4_mlag.ini's"; fi
fi
if grep -qxF 'tests/worlds/ios_eos_mlag.ini:35: warning: sw1: reload-delay mlag 300 is not modelled: a switch back from a reload holds its MLAG channels until the peer link is up and delay restore (30 s) has passed' "$TMP/iem.err"; then ok
else bad "ios_eos_mlag.ini: no warning for reload-delay: $(cat "$TMP/iem.err")"; fi
# sw2's peering VLAN and trunk lines (models/switch/sw_ios_peering.c): one
# warning each, and the report above unchanged by them.
if [ "$(grep -c '^tests/worlds/ios_eos_mlag.ini:[0-9]*: warning: sw2: .*the line changes nothing$' "$TMP/iem.err")" = 9 ] &&
   grep -qxF "tests/worlds/ios_eos_mlag.ini:49: warning: sw2: 'switchport mode trunk' under interface Port-channel10, the peer link: bondsim's peer link is a trunk of every VLAN, native vlan 1, as it is; the line changes nothing" "$TMP/iem.err"; then ok
else bad "ios_eos_mlag.ini: not one warning per peering line: $(cat "$TMP/iem.err")"; fi

# Speed and duplex from the ends' settings (models/link/autoneg.c):
# duplex_mismatch.ini's port forced to 100/full by [switch] keys against a
# negotiating NIC, and the same world with sw1 pasted as IOS: the same
# report, speed and duplex in the running-config, the note under Links.
"$BONDSIM" tests/worlds/ios_duplex_mismatch.ini --json "$TMP/idm.json" --out "$TMP/idm" --quiet >/dev/null 2>&1
"$BONDSIM" scenarios/duplex_mismatch.ini --json "$TMP/dm.json" --out "$TMP/dm" --quiet >/dev/null 2>&1
if command -v python3 >/dev/null 2>&1; then
	if same_switch_report "$TMP/idm.json" "$TMP/dm.json"; then ok
	else bad "ios_duplex_mismatch.ini: its report differs from duplex_mismatch.ini's"; fi
fi
if grep -qx ' speed 100' "$TMP/idm/sw1.running-config" && grep -qx ' duplex full' "$TMP/idm/sw1.running-config"; then ok
else bad "ios_duplex_mismatch.ini: no ' speed 100' and ' duplex full' in sw1's running-config"; fi
if grep -qx '  server.eth0--sw1.Gi0/1: sw1.Gi0/1 is forced to 100M/full and sends no autonegotiation; server.eth0 negotiates, hears none, detects 100M (parallel detection) and takes half duplex, as it cannot learn the far end.s: duplex mismatch' "$TMP/dm/report.txt"; then ok
else bad "duplex_mismatch.ini: the Links table does not say why server.eth0 is half duplex"; fi

# same_block WHAT FROM REPORT WANT: the lines of REPORT from the one matching
# FROM to the next blank line (FROM's own line left out unless it is
# "== ..."), blank lines dropped, are exactly the file WANT's.
same_block() {
	sed -n "/$2/,/^\$/p" "$3" | sed '/^$/d' | { case $2 in '^=='*) cat ;; *) sed 1d ;; esac; } > "$4.got"
	if cmp -s "$4.got" "$4"; then ok
	else bad "$1: $(diff "$4" "$4.got" | head -5)"; fi
}

# Settings changed during the run (duplex_mismatch_fix.ini, from the first
# loop's report, no extra run): ethtool at 1 s shows the mismatch from the
# server's side as an e1000e NIC does (no 1000baseT/Half, no link partner
# modes: half duplex with autonegotiation on), the Links table the
# renegotiation, the end the result.
cat > "$TMP/dmf.want" <<'WANT'
Settings for eth0:
	Supported ports: [ TP ]
	Supported link modes:   10baseT/Half 10baseT/Full
	                        100baseT/Half 100baseT/Full
	                        1000baseT/Full
	Supported pause frame use: No
	Supports auto-negotiation: Yes
	Supported FEC modes: Not reported
	Advertised link modes:  10baseT/Half 10baseT/Full
	                        100baseT/Half 100baseT/Full
	                        1000baseT/Full
	Advertised pause frame use: No
	Advertised auto-negotiation: Yes
	Advertised FEC modes: Not reported
	Speed: 100Mb/s
	Duplex: Half
	Auto-negotiation: on
	Port: Twisted Pair
	PHYAD: 1
	Transceiver: internal
	MDI-X: off (auto)
	Supports Wake-on: pumbg
	Wake-on: g
        Current message level: 0x00000007 (7)
                               drv probe link
	Link detected: yes
WANT
same_block "duplex_mismatch_fix.ini: ethtool eth0 at 1s" '^server# ethtool eth0    (at 1s)$' \
	"$TMP/duplex_mismatch_fix.a" "$TMP/dmf.want"
if grep -qx '  server.eth0--sw1.Gi0/1: at 4.05s, port sw1.Gi0/1 speed auto: no carrier for 2.25s, then 1000Mb/s Full' "$TMP/duplex_mismatch_fix.a" &&
	sed -n '/^server# ethtool eth0    (end of run, 8s)$/,/^$/p' "$TMP/duplex_mismatch_fix.a" | grep -q '^	Speed: 1000Mb/s$'; then ok
else bad "duplex_mismatch_fix.ini: no renegotiation line under Links, or not 1000Mb/s at the end"; fi

# The combinations engineers meet, one server each (tests/worlds/autoneg_table.ini):
# the Links table with its notes, sw1's show interfaces status, and the
# warning for a duplex under speed auto.
"$BONDSIM" tests/worlds/autoneg_table.ini --out "$TMP/at" >/dev/null 2>"$TMP/at.err"
cat > "$TMP/at.want" <<'WANT'
== Links
  link                   speed duplex       delay   loss  state
  a.eth0--sw1.Gi0/1    100Mb/s Half/Full      1us      0  up
  b.eth0--sw1.Gi0/2    100Mb/s Full/Half      1us      0  up
  c.eth0--sw1.Gi0/3    100Mb/s Full           1us      0  up
  d.eth0--sw1.Gi0/4          - -              1us      0  no link
  e.eth0--sw1.Gi0/5   1000Mb/s Full           1us      0  up
  f.eth0--sw1.Gi0/6   1000Mb/s Full           1us      0  up
  g.eth0--sw1.Gi0/7    100Mb/s Half           1us      0  up
  a.eth0--sw1.Gi0/1: sw1.Gi0/1 is forced to 100M/full and sends no autonegotiation; a.eth0 negotiates, hears none, detects 100M (parallel detection) and takes half duplex, as it cannot learn the far end's: duplex mismatch
  b.eth0--sw1.Gi0/2: b.eth0 is forced to 100M/full and sends no autonegotiation; sw1.Gi0/2 negotiates, hears none, detects 100M (parallel detection) and takes half duplex, as it cannot learn the far end's: duplex mismatch
  c.eth0--sw1.Gi0/3: c.eth0 is forced to 100M/full, sw1.Gi0/3 is forced to 100M/full: neither negotiates
  d.eth0--sw1.Gi0/4: no link: d.eth0 is forced to 10M/full, sw1.Gi0/4 is forced to 100M/full: ends forced to different speeds never link
  e.eth0--sw1.Gi0/5: sw1.Gi0/5 advertises 1G only: both negotiate 1G/full
  g.eth0--sw1.Gi0/7: sw1.Gi0/7 is forced to 100M with no duplex set (half: nothing is negotiated) and sends no autonegotiation; g.eth0 negotiates, hears none, detects 100M (parallel detection) and takes half duplex, as it cannot learn the far end's
WANT
same_block "autoneg_table.ini: its Links table is not the table of combinations" '^== Links' \
	"$TMP/at/report.txt" "$TMP/at.want"
cat > "$TMP/at.want2" <<'WANT'
Port      Name               Status       Vlan       Duplex  Speed Type
Gi0/1     row-a              connected    1            full    100 10/100/1000BaseTX
Gi0/2     row-b              connected    1          a-half  a-100 10/100/1000BaseTX
Gi0/3                        connected    1            full    100 10/100/1000BaseTX
Gi0/4                        notconnect   1            full    100 10/100/1000BaseTX
Gi0/5                        connected    1          a-full a-1000 10/100/1000BaseTX
Gi0/6                        connected    1          a-full a-1000 10/100/1000BaseTX
Gi0/7                        connected    1            half    100 10/100/1000BaseTX
WANT
same_block "autoneg_table.ini: sw1's show interfaces status differs" '^sw1#show interfaces status' \
	"$TMP/at/report.txt" "$TMP/at.want2"
if [ "$(cat "$TMP/at.err")" = 'tests/worlds/autoneg_table.ini:35: warning: sw1 Gi0/6: duplex full with speed auto: IOS does not set it ("Duplex will not be set until speed is set to non-auto value"); the port negotiates speed and duplex' ]; then ok
else bad "autoneg_table.ini: stderr was '$(cat "$TMP/at.err")', want the warning for Gi0/6's duplex under speed auto"; fi

# Speed and duplex from the files engineers paste (tests/worlds/conf_ethtool.ini):
# ifcfg's ETHTOOL_OPTS, a NetworkManager keyfile's [ethernet] with and without
# auto-negotiate=true, ifupdown's link-speed/link-duplex/ethernet-autoneg; the
# Links table with its notes, and the warning for ETHTOOL_OPTS's -K.
"$BONDSIM" tests/worlds/conf_ethtool.ini --out "$TMP/ce" >/dev/null 2>"$TMP/ce.err"
cat > "$TMP/ce.want" <<'WANT'
== Links
  link                   speed duplex       delay   loss  state
  a.eth0--sw1.Gi0/1    100Mb/s Full/Half      1us      0  up
  b.eth0--sw1.Gi0/2    100Mb/s Full/Half      1us      0  up
  c.eth0--sw1.Gi0/3    100Mb/s Full           1us      0  up
  d.eth0--sw1.Gi0/4    100Mb/s Full           1us      0  up
  a.eth0--sw1.Gi0/1: a.eth0 is forced to 100M/full and sends no autonegotiation; sw1.Gi0/1 negotiates, hears none, detects 100M (parallel detection) and takes half duplex, as it cannot learn the far end's: duplex mismatch
  b.eth0--sw1.Gi0/2: b.eth0 is forced to 100M/full and sends no autonegotiation; sw1.Gi0/2 negotiates, hears none, detects 100M (parallel detection) and takes half duplex, as it cannot learn the far end's: duplex mismatch
  c.eth0--sw1.Gi0/3: c.eth0 advertises 100M/full only: both negotiate 100M/full
  d.eth0--sw1.Gi0/4: d.eth0 is forced to 100M/full, sw1.Gi0/4 is forced to 100M/full: neither negotiates
WANT
same_block "conf_ethtool.ini: the files' speed and duplex are not in the Links table" '^== Links' \
	"$TMP/ce/report.txt" "$TMP/ce.want"
if [ "$(cat "$TMP/ce.err")" = "tests/worlds/conf_ethtool.ini:33: warning: ETHTOOL_OPTS: 'ethtool -K eth0 tso off': bondsim does not model it (it takes speed, duplex, autoneg and advertise of ethtool -s); ignored" ]; then ok
else bad "conf_ethtool.ini: stderr was '$(cat "$TMP/ce.err")', want the warning for ETHTOOL_OPTS's -K"; fi

# Speed and duplex from udev's .link files (tests/worlds/conf_networkd_link.ini):
# forced by BitsPerSecond=/Duplex=, Advertise= matched by MAC, speed ignored
# under AutoNegotiation=yes, a file shadowed by 99-default.link; the switch
# port's "speed auto 10 100".
"$BONDSIM" tests/worlds/conf_networkd_link.ini --out "$TMP/nl" >/dev/null 2>"$TMP/nl.err"
cat > "$TMP/nl.want" <<'WANT'
== Links
  link                   speed duplex       delay   loss  state
  a.eth0--sw1.Gi0/1    100Mb/s Full/Half      1us      0  up
  b.eth0--sw1.Gi0/2    100Mb/s Full           1us      0  up
  c.eth0--sw1.Gi0/3   1000Mb/s Full           1us      0  up
  d.eth0--sw1.Gi0/4    100Mb/s Full           1us      0  up
  a.eth0--sw1.Gi0/1: a.eth0 is forced to 100M/full and sends no autonegotiation; sw1.Gi0/1 negotiates, hears none, detects 100M (parallel detection) and takes half duplex, as it cannot learn the far end's: duplex mismatch
  b.eth0--sw1.Gi0/2: b.eth0 advertises 100M only: both negotiate 100M/full
  d.eth0--sw1.Gi0/4: sw1.Gi0/4 advertises 10M, 100M only: both negotiate 100M/full
WANT
same_block "conf_networkd_link.ini: the .link files' speed and duplex are not in the Links table" '^== Links' \
	"$TMP/nl/report.txt" "$TMP/nl.want"
cat > "$TMP/nl.want2" <<'WANT'
tests/worlds/conf_networkd_link.ini:54: warning: 20-all.link: [Link] BitsPerSecond=100M is ignored: with AutoNegotiation=yes udev negotiates and does not narrow what it advertises by speed or duplex (ethtool -s would)
tests/worlds/conf_networkd_link.ini:55: warning: 20-all.link: [Link] WakeOnLan=g: bondsim does not model it; ignored
tests/worlds/conf_networkd_link.ini:60: warning: 99-zz.link: never used: systemd's own 99-default.link (OriginalName=*) sorts before it and matches every NIC first; give it a name that sorts before, e.g. 10-zz.link
WANT
if cmp -s "$TMP/nl.err" "$TMP/nl.want2"; then ok
else bad "conf_networkd_link.ini: stderr was '$(cat "$TMP/nl.err")', want the three .link warnings"; fi
# ethtool at the end of the run: b advertises its Advertise= modes; d, all
# modes against the port's 10/100 list, runs 100Mb/s full (e1000e shows no
# link partner modes)
if grep -q '^	Advertised link modes:  100baseT/Half 100baseT/Full$' "$TMP/nl/report.txt" &&
	sed -n '/^d# ethtool eth0/,/^$/p' "$TMP/nl/report.txt" | tr '\n' '|' |
	grep -q '	                        1000baseT/Full|	Advertised pause frame use: No|.*	Speed: 100Mb/s|	Duplex: Full|	Auto-negotiation: on|' &&
	! sed -n '/^d# ethtool eth0/,/^$/p' "$TMP/nl/report.txt" | grep -q 'Link partner'; then ok
else bad "conf_networkd_link.ini: the ethtool blocks do not show b's Advertise= modes or d at 100Mb/s full against sw1.Gi0/4's speed auto 10 100"; fi

# a second gap in a fault's window is named in the flow's row: core's eth1
# rejoins Po1 a LACPDU early at 32.6 s, 12.3 s after the gap the row is about
if "$BONDSIM" scenarios/mode1_mlag_orphan.ini 2>/dev/null | grep -q \
	'flow   to_srvA .*gap under way since the fault at 8.000000: .*; later in this window 1 more gap, 126 packets lost$'; then ok
else bad "mode1_mlag_orphan.ini: to_srvA's row for the second fault does not name the 126 packets lost at 32.6 s"; fi

# release in tlb/alb: the mode lets the slave go (its tx entries, its rlb
# clients), as bond_alb_deinit_slave() does; it used to crash
for m in balance-tlb balance-alb; do
	if "$BONDSIM" tests/worlds/release.ini --set server.bond0.mode=$m --quiet >/dev/null 2>&1; then ok
	else bad "release.ini in $m: exit $? (its expectations or a crash)"; fi
done

# a TCP connection that gives up: the flow's row says when and why, and the
# host's kernel log has no line of it (the kernel prints nothing; it had a
# "TCP: ..." line of bondsim's)
"$BONDSIM" tests/worlds/tcp_abort.ini >"$TMP/abort.out" 2>&1
if grep -q 'flow bulk (tcp bulk, server -> client): .*, ABORTED at 127.010 s (SYN retries exhausted)$' "$TMP/abort.out" &&
   ! grep -q '\] TCP: ' "$TMP/abort.out"; then ok
else bad "tcp_abort.ini: no 'ABORTED at 127.010 s' row, or a TCP line in the kernel log: $(grep -n 'ABORTED\|TCP:' "$TMP/abort.out" | head -3)"; fi

# options --explain matches a .network's Name= glob against the [host]'s
# NICs, as the run does (it refused the glob as "an inverted list")
sed 's/^    Name=eth0 eth1$/    Name=eth*/' scenarios/networkd_lacp.ini >"$TMP/glob.ini"
"$BONDSIM" options --explain "$TMP/glob.ini" >"$TMP/glob.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -qx '  slaves=eth0 eth1' "$TMP/glob.out" &&
   "$BONDSIM" "$TMP/glob.ini" --quiet >/dev/null 2>&1; then ok
else bad "options --explain of a Name=eth* glob: exit $rc, $(head -c 300 "$TMP/glob.out")"; fi

echo "scenarios: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
