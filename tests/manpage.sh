#!/bin/sh
# manpage.sh - docs/bondsim.1 and the command never disagree.
#
#  1. every long option that "bondsim --help-all" lists is described under
#     OPTIONS, and every option described there is one the command takes;
#  2. the same for each command of "Other commands:" (its --help against
#     its .SS section under COMMANDS), and the commands themselves;
#  3. the version on the .TH line is "bondsim --version";
#  4. groff reads the page without a warning;
#  5. a page with an option missing, one too many, or a command missing is
#     caught (the check can fail).
# Prints "N passed, M failed" and exits non-zero if anything failed.
set -u
BONDSIM=${BONDSIM:-./bondsim}
MAN=${MAN:-docs/bondsim.1}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
pass=0
fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# The long options of a --help text on stdin, one per line, sorted.
help_options() {
	sed -n 's/^ \{1,\}\(-[A-Za-z0-9], \)\{0,1\}\(--[a-z0-9][a-z0-9-]*\).*/\2/p' | sort -u
}

# The commands "bondsim --help" lists under "Other commands:".
help_commands() {
	"$BONDSIM" --help | sed -n '/^Other commands:/,/^$/s/^  bondsim \([a-z][a-z-]*\).*/\1/p' | sort -u
}

# "CMD --option" for each option the page describes: the line after each .TP
# under OPTIONS (CMD "main") and under each ".SS "bondsim CMD"" of COMMANDS.
man_options() {
	awk '
	/^\.SH / { sec = $2; cmd = (sec == "OPTIONS") ? "main" : ""; prev = ""; next }
	/^\.SS / { if (sec == "COMMANDS") { line = $0; gsub(/"/, "", line); split(line, f, " "); cmd = f[3] } prev = ""; next }
	prev == ".TP" && cmd != "" {
		line = $0
		gsub(/\\-/, "-", line)
		while (match(line, /--[a-z0-9][a-z0-9-]*/)) {
			print cmd, substr(line, RSTART, RLENGTH)
			line = substr(line, RSTART + RLENGTH)
		}
	}
	{ prev = $0 }' "$1" | sort -u
}

man_commands() {
	awk '/^\.SH / { sec = $2 } /^\.SS / && sec == "COMMANDS" { gsub(/"/, ""); print $3 }' "$1" | sort -u
}

# Every disagreement between the page $1 and the command, one per line.
disagreements() {
	page=$1
	man_options "$page" >"$TMP/man.opts"
	"$BONDSIM" --help-all | help_options | sed 's/^/main /' >"$TMP/help.opts"
	help_commands >"$TMP/help.cmds"
	"$BONDSIM" --help >"$TMP/main.help"
	while read -r cmd; do
		# a command without --help has no options to
		# describe; one whose --help is the main one (list-metrics) has its
		if "$BONDSIM" "$cmd" --help >"$TMP/cmd.help" 2>/dev/null &&
		   ! cmp -s "$TMP/cmd.help" "$TMP/main.help"; then
			help_options <"$TMP/cmd.help" | sed "s/^/$cmd /" >>"$TMP/help.opts"
		fi
	done <"$TMP/help.cmds"
	sort -u -o "$TMP/help.opts" "$TMP/help.opts"
	comm -23 "$TMP/help.opts" "$TMP/man.opts" | sed 's/^\(.*\) \(.*\)/\1: \2 is not in the man page/'
	comm -13 "$TMP/help.opts" "$TMP/man.opts" | sed 's/^\(.*\) \(.*\)/\1: \2 is in the man page, not in --help/'
	man_commands "$page" >"$TMP/man.cmds"
	comm -23 "$TMP/help.cmds" "$TMP/man.cmds" | sed 's/^/command /; s/$/ is not in the man page/'
	comm -13 "$TMP/help.cmds" "$TMP/man.cmds" | sed 's/^/command /; s/$/ is in the man page, not in --help/'
}

# 1, 2: the page and the command agree, and there is something to agree on
disagreements "$MAN" >"$TMP/d"
if [ ! -s "$TMP/d" ]; then ok; else bad "$MAN disagrees with the command:"; cat "$TMP/d"; fi
n=$(wc -l <"$TMP/man.opts")
[ "$n" -ge 40 ] && ok || bad "only $n options found in $MAN"
grep -qx 'main --junit' "$TMP/man.opts" && grep -qx 'hash --skb-hash' "$TMP/man.opts" && ok ||
	bad "--junit or hash --skb-hash not found in $MAN"
[ "$(tr '\n' ' ' <"$TMP/man.cmds")" = "compare hash list-metrics merge options sweep " ] && ok ||
	bad "commands in $MAN: $(tr '\n' ' ' <"$TMP/man.cmds")"

# 3. the version comes from one place (BONDSIM_VERSION in sim/sim.h)
v=$("$BONDSIM" --version)
if grep -q "^\.TH BONDSIM 1 \"[^\"]*\" \"$v\" " "$MAN"; then ok
else bad "the .TH line of $MAN does not say '$v': $(grep '^\.TH' "$MAN")"; fi

# 4. groff formats it without a warning
if command -v groff >/dev/null 2>&1; then
	LC_ALL=C groff -man -ww -z "$MAN" 2>"$TMP/groff.err"
	if [ ! -s "$TMP/groff.err" ]; then ok; else bad "groff: $(cat "$TMP/groff.err")"; fi
else
	bad "groff is not installed (Debian: groff-base)"
fi

# 5. the check fails when it must
grep -v '^\.BR \\-\\-tap$' "$MAN" | sed 's/^\.BR \\-\\-fragment$/.BR \\-\\-fragment ", " \\-\\-fragments/' |
	sed '/^\.SS "bondsim options"/,/^\.SS/s/^\.SS "bondsim options"/.SS "bondsim optionz"/' >"$TMP/broken.1"
disagreements "$TMP/broken.1" >"$TMP/d"
cat >"$TMP/want" <<'EOF'
main: --tap is not in the man page
options: --explain is not in the man page
options: --format is not in the man page
options: --help is not in the man page
hash: --fragments is in the man page, not in --help
optionz: --explain is in the man page, not in --help
optionz: --format is in the man page, not in --help
optionz: --help is in the man page, not in --help
command options is not in the man page
command optionz is in the man page, not in --help
EOF
if cmp -s "$TMP/d" "$TMP/want"; then ok; else bad "a broken page was not caught as it should: $(cat "$TMP/d")"; fi

echo "manpage: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
