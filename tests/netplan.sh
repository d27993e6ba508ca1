#!/bin/sh
# netplan.sh - bondsim reads netplan YAML as netplan itself renders it.
#
# For every tests/netplan/*.yaml: netplan's own generator (what "netplan
# generate --root-dir" runs; offline, into a scratch root) turns the YAML
# into systemd-networkd files in DIR/run/systemd/network/, or with renderer:
# NetworkManager into keyfiles in DIR/run/NetworkManager/system-connections/;
# then "bondsim options --explain" reads the YAML (--format netplan) and,
# separately, the files netplan wrote (--format networkd or nm).  The two
# must give the same bonds, the same kernel options line, slaves and
# addresses, the same VLAN devices, and those are checked to the value.  A last case checks that
# the comparison can fail (a changed networkd file is noticed).  The files
# of tests/netplan/refused/ netplan refuses: bondsim must refuse them at the
# same line.  Last, the refusals of "options --explain".
# Prints "N passed, M failed" and exits non-zero if anything failed.
set -u
BONDSIM=${BONDSIM:-./bondsim}
DIR=${NETPLAN_CASES:-tests/netplan}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0

if ! command -v netplan >/dev/null 2>&1; then
	echo "netplan.sh: netplan is not installed (Debian: apt-get install netplan.io)"
	exit 1
fi
# "netplan generate" is a Python front end (a second to start) over netplan's
# C generator, which writes the files; call the generator itself when it is
# where Debian puts it.
GENERATE="netplan generate"
[ -x /usr/lib/netplan/generate ] && GENERATE=/usr/lib/netplan/generate

# What must agree: per bond its name, options line, slaves and address;
# per VLAN device its name, VID, device and address (not where: two formats).
facts() {
	sed -n -e 's/^\(bond[^:]*\): made by .*/\1/p' \
	       -e 's/^\([^ :]*: VLAN [0-9]* on [^ ]*\) at .*/\1/p' \
	       -e '/^  options bonding /p' -e '/^  slaves=/p' -e '/^  address=/p'
}

# generate ROOT YAML: netplan's networkd files for YAML, under ROOT
generate() {
	mkdir -p "$1/etc/netplan"
	cp "$2" "$1/etc/netplan/"
	chmod 600 "$1/etc/netplan/"*.yaml
	$GENERATE --root-dir "$1" 2>"$1.err" || { cat "$1.err"; return 1; }
}

# netplan is a Python program (about a second to start): all at once
for yaml in "$DIR"/*.yaml; do
	name=$(basename "$yaml" .yaml)
	{ generate "$TMP/$name" "$yaml" >"$TMP/$name.gen" 2>&1; echo $? >"$TMP/$name.rc"; } &
done
wait

for yaml in "$DIR"/*.yaml; do
	name=$(basename "$yaml" .yaml)
	root="$TMP/$name"
	if [ "$(cat "$TMP/$name.rc")" != 0 ]; then
		cat "$TMP/$name.gen"
		echo "FAIL: $yaml: netplan generate refused it"
		fail=$((fail + 1))
		continue
	fi
	# renderer: NetworkManager writes keyfiles instead
	format=networkd files="$root/run/systemd/network/*"
	if ls "$root"/run/NetworkManager/system-connections/*.nmconnection >/dev/null 2>&1; then
		format=nm files="$root/run/NetworkManager/system-connections/*.nmconnection"
	fi
	"$BONDSIM" options --explain --format netplan "$yaml" >"$TMP/$name.yaml.out" 2>&1 &&
	# shellcheck disable=SC2086
	"$BONDSIM" options --explain --format $format $files >"$TMP/$name.nd.out" 2>&1
	rc=$?
	facts <"$TMP/$name.yaml.out" >"$TMP/$name.a"
	facts <"$TMP/$name.nd.out" >"$TMP/$name.b"
	bonds=$(grep -c '^bond[^:]*$' "$TMP/$name.a")
	if [ $rc -eq 0 ] && [ "$bonds" -gt 0 ] && cmp -s "$TMP/$name.a" "$TMP/$name.b"; then
		pass=$((pass + 1))
		echo "== netplan: $name: $bonds bond(s), same as netplan generate's $format files: $(grep 'options bonding' "$TMP/$name.a" | sed 's/^  options bonding //' | paste -sd'|' -)"
	else
		fail=$((fail + 1))
		echo "FAIL: $yaml: bondsim's reading of the YAML and of netplan's $format files differ:"
		cat "$TMP/$name.yaml.out" "$TMP/$name.nd.out"
		diff "$TMP/$name.a" "$TMP/$name.b"
	fi
done

# And what those are, to the value (a change in either reader shows here).
want() {
	got=$(grep 'options bonding' "$TMP/$1.a" | sed 's/^  options bonding //' | paste -sd'|' -)
	if [ "$got" = "$2" ]; then pass=$((pass + 1))
	else fail=$((fail + 1)); echo "FAIL: $1: options '$got', want '$2'"; fi
}
want 01-active-backup "mode=active-backup miimon=100 updelay=200 downdelay=200 primary=eno1 primary_reselect=better fail_over_mac=active num_grat_arp=5 num_unsol_na=5"
want 02-lacp "mode=802.3ad miimon=100 xmit_hash_policy=layer3+4 all_slaves_active=on lacp_rate=fast ad_select=bandwidth min_links=1"
want 03-arp-monitor "mode=active-backup arp_interval=250 arp_ip_target=10.0.0.1,10.0.0.2 arp_validate=all arp_all_targets=all num_grat_arp=2 num_unsol_na=2"
want 04-balance-rr "miimon=1000 downdelay=2000 packets_per_slave=4 resend_igmp=3"
want 05-alb-two-bonds "mode=balance-alb miimon=50|mode=balance-xor miimon=100 updelay=300 xmit_hash_policy=layer2+3"
want 06-quirks "miimon=100 updelay=1500"
want 07-nm-lacp "mode=802.3ad miimon=100 updelay=200 num_grat_arp=2 num_unsol_na=2 xmit_hash_policy=layer2+3 lacp_rate=fast"
want 08-nm-arp "mode=active-backup arp_interval=500 arp_ip_target=10.40.0.1,10.40.0.254 arp_validate=active primary=eth1"

# Several files with the same IDs (tests/netplan/merge/): netplan merges
# them in name order; bondsim, given them in the other order, must read the
# same bond as netplan's files say.
root="$TMP/merge"
mkdir -p "$root/etc/netplan"
cp "$DIR"/merge/*.yaml "$root/etc/netplan/"
chmod 600 "$root/etc/netplan/"*.yaml
$GENERATE --root-dir "$root" >"$TMP/merge.gen" 2>&1 || cat "$TMP/merge.gen"
# shellcheck disable=SC2046
"$BONDSIM" options --explain --format netplan $(ls "$DIR"/merge/*.yaml | sort -r) \
	>"$TMP/merge.yaml.out" 2>&1
"$BONDSIM" options --explain --format networkd "$root"/run/systemd/network/* \
	>"$TMP/merge.nd.out" 2>&1
facts <"$TMP/merge.yaml.out" >"$TMP/merge.a"
facts <"$TMP/merge.nd.out" >"$TMP/merge.b"
if [ -s "$TMP/merge.a" ] && cmp -s "$TMP/merge.a" "$TMP/merge.b"; then
	pass=$((pass + 1))
	echo "== netplan: merge: two files, same as netplan generate's networkd files: $(grep 'options bonding' "$TMP/merge.a" | sed 's/^  options bonding //')"
else
	fail=$((fail + 1))
	echo "FAIL: tests/netplan/merge: bondsim's merge and netplan's differ:"
	cat "$TMP/merge.yaml.out" "$TMP/merge.nd.out"
	diff "$TMP/merge.a" "$TMP/merge.b"
fi
# up-delay: 200 of the first file is no multiple of the second's 250 ms: the kernel rounds it to 0
want merge "mode=active-backup miimon=250 primary=eth1 fail_over_mac=active"

# The check can fail: netplan's files with the mode changed by hand.
first=$(ls "$DIR"/*.yaml | head -n 1)
name=$(basename "$first" .yaml)
sed -i 's/^Mode=.*/Mode=broadcast/' "$TMP/$name"/run/systemd/network/*.netdev
"$BONDSIM" options --explain --format networkd "$TMP/$name"/run/systemd/network/* 2>&1 |
	facts >"$TMP/$name.c"
if cmp -s "$TMP/$name.a" "$TMP/$name.c"; then
	fail=$((fail + 1))
	echo "FAIL: a changed Mode= in netplan's .netdev went unnoticed"
else
	pass=$((pass + 1))
fi

# Files netplan itself refuses (tests/netplan/refused/): bondsim refuses
# them too, at the line netplan names.
for yaml in "$DIR"/refused/*.yaml; do
	name=refused-$(basename "$yaml" .yaml)
	root="$TMP/$name"
	mkdir -p "$root/etc/netplan"
	cp "$yaml" "$root/etc/netplan/"
	chmod 600 "$root/etc/netplan/"*.yaml
	$GENERATE --root-dir "$root" >"$TMP/$name.gen" 2>&1
	grc=$?
	theirs=$(sed -n 's/^[^:]*:\([0-9][0-9]*\):[0-9]*: Error.*/\1/p' "$TMP/$name.gen" | head -n 1)
	"$BONDSIM" options --explain --format netplan "$yaml" >"$TMP/$name.out" 2>"$TMP/$name.err"
	rc=$?
	ours=$(sed -n 's/^bondsim options: [^:]*:\([0-9][0-9]*\): .*/\1/p' "$TMP/$name.err")
	if [ $grc -ne 0 ] && [ $rc -eq 2 ] && [ -n "$ours" ] && [ "$ours" = "$theirs" ] &&
	   [ ! -s "$TMP/$name.out" ]; then
		pass=$((pass + 1))
		echo "== netplan: $(basename "$yaml"): refused at line $ours by netplan and by bondsim"
	else
		fail=$((fail + 1))
		echo "FAIL: $yaml: netplan (exit $grc) says: $(head -n 1 "$TMP/$name.gen")"
		echo "      bondsim (exit $rc) says: $(cat "$TMP/$name.err")"
	fi
done

# Refusals of "options --explain": exit 2, the message, nothing on stdout.
refused() {
	want=$1
	shift
	"$BONDSIM" options --explain "$@" >"$TMP/r.out" 2>"$TMP/r.err"
	rc=$?
	if [ $rc -eq 2 ] && [ "$(cat "$TMP/r.err")" = "$want" ] && [ ! -s "$TMP/r.out" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: options --explain $*: exit $rc, '$(cat "$TMP/r.err")', want 2 and '$want'"
	fi
}
refused "bondsim options: --format yaml: write one of modprobe|ifcfg|networkd|nm|interfaces|netplan" \
	--format yaml x.yaml
printf 'network:\n  version: 2\n  bonds:\n    bond7:\n      parameters:\n        mode: lacp\n' \
	>"$TMP/bad.yaml"
refused "bondsim options: $TMP/bad.yaml:6: bond7: parameters: mode: 'lacp' is not a valid value: write one of balance-rr, active-backup, balance-xor, broadcast, 802.3ad, balance-tlb, balance-alb" \
	--format netplan "$DIR/01-active-backup.yaml" "$TMP/bad.yaml"
refused "bondsim options: tests/bad/netplan_match.ini:12: lan0: match: is not supported: bondsim knows NICs by name; name the ethernet after its interface (eth0:) and drop match:/set-name:" \
	tests/bad/netplan_match.ini
# a scenario that does not load is its load error, not "no [host] has bonding configuration files"
refused "bondsim options: tests/bad/bond_option_unknown.ini:8: unknown option 'miimom' (did you mean 'miimon'?); 'bondsim options' lists the valid ones" \
	tests/bad/bond_option_unknown.ini
sed 's/^\[switch sw1\]/[swich sw1]/' tests/bad/bond_option_unknown.ini >"$TMP/swich.ini"
refused "bondsim options: $TMP/swich.ini:3: unknown section 'swich' (did you mean 'switch'?); valid: sim, switch, host, links, flow, faults, expect, mlag" \
	"$TMP/swich.ini"

echo "netplan: $pass passed, $fail failed"
[ $fail -eq 0 ]
