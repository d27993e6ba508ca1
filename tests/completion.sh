#!/bin/bash
# completion.sh - completion/bondsim.bash, called as bash calls it: COMP_WORDS
# and COMP_CWORD set, _bondsim run, COMPREPLY checked against exact lists.
# Prints "N passed, M failed" and exits non-zero if anything failed.
set -u
BONDSIM=$(cd "$(dirname "${BONDSIM:-./bondsim}")" && pwd)/$(basename "${BONDSIM:-./bondsim}")
SRC=$(pwd)/completion/bondsim.bash
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# shellcheck source=../completion/bondsim.bash
. "$SRC"
complete -p bondsim | grep -q -- '-F _bondsim bondsim$' && ok || bad "complete -p: $(complete -p bondsim)"

# want "LINE" "EXPECTED WORDS": complete the last word of LINE (a trailing
# blank: an empty word), compare the sorted replies with the words.
want() {
	local line=$1 expect=$2 got
	read -r -a COMP_WORDS <<<"$line"
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_WORDS[0]=$BONDSIM
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	_bondsim
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" = "$expect" ]; then ok; else bad "'$line': got '$got', want '$expect'"; fi
}

mkdir -p "$TMP/w/sub" "$TMP/w/scenarios"
: >"$TMP/w/a.ini"; : >"$TMP/w/b.txt"; : >"$TMP/w/scenarios/x.ini"
cd "$TMP/w" || exit 1

# options from --help-all, so never one the command does not take
want "bondsim --ju" "--junit"
want "bondsim --ta" "--tap"
want "bondsim a.ini --pcap" "--pcap --pcap-links --pcap-max --pcap-snaplen"
want "bondsim a.ini --li" "--list-metrics"
want "bondsim --ver" "--verbose --version"
# the first word: the commands, scenario files and folders (no other file)
want "bondsim " "a.ini hash list-metrics options scenarios sub"
want "bondsim h" "hash"
want "bondsim scenarios/" "scenarios/x.ini"
want "bondsim list-metrics " "a.ini scenarios sub"
want "bondsim a.ini " "a.ini scenarios sub"
# the values of options
want "bondsim a.ini --out " "scenarios sub"
want "bondsim a.ini --json " "a.ini b.txt scenarios sub"
want "bondsim a.ini --junit b" "b.txt"
# bash splits "--junit=b" into three words: "--junit", "=", "b"
want "bondsim a.ini --junit = b" "b.txt"
want "bondsim a.ini --out = " "scenarios sub"
want "bondsim a.ini --runs " ""
want "bondsim a.ini --duration 1" ""
# bondsim hash: its own options and values
want "bondsim hash --po" "--policy"
want "bondsim hash --policy layer" "layer2 layer2+3 layer3+4"
want "bondsim hash --policy encap3" "encap3+4"
want "bondsim hash --proto " "icmp tcp udp"
want "bondsim hash --icmp" "--icmp-id --icmp-type"
want "bondsim hash --slaves " ""
# bondsim options: the bonding option names, one of them
want "bondsim options mi" "miimon min_links"
want "bondsim options ad_" "ad_actor_sys_prio ad_actor_system ad_select ad_user_port_key"
want "bondsim options miimon " ""
# bondsim options --explain: its options, the formats, then files
want "bondsim options --ex" "--explain"
want "bondsim options --" "--explain --format --help"
want "bondsim options --explain --format net" "netplan networkd"
want "bondsim options --explain --format netplan a" "a.ini"
want "bondsim options --explain --f" "--format"

echo "completion: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
