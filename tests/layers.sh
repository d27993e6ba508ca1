#!/bin/sh
# layers.sh - the tree is the architecture: check that it stays so.
#
#  1. sim/ includes nothing from models/ or cli/, and builds and passes its
#     own tests (tests/test_kernel.c) with models/ out of the include path;
#  2. within models/, a family includes only the families below it:
#       wire <- link <- lacp <- switch, bond, host <- tcp <- apps, faults
#     (no cycle between families, and none of them includes cli/).
# Prints "N passed, M failed".
set -u
CC=${CC:-cc}
pass=0
fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

if grep -nE '#include "(models|cli|wire|link|lacp|switch|bond|host|tcp|apps|faults)/' sim/*.c sim/*.h; then
	bad "sim/ includes a model"
else ok; fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flags="-std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wno-unused-parameter -Isim $(pkg-config --cflags glib-2.0)"
# shellcheck disable=SC2086
if $CC $flags -o "$tmp/kernel" sim/*.c tests/test_kernel.c $(pkg-config --libs glib-2.0) -lcriterion -lm 2>"$tmp/err" &&
   "$tmp/kernel" >"$tmp/out" 2>&1; then ok; else
	bad "sim/ alone: $(head -c 400 "$tmp/err" "$tmp/out")"
fi

# rank of each family: a file may include families of a lower rank, or its own
rank() {
	case $1 in
	wire) echo 0 ;; link) echo 1 ;; lacp) echo 2 ;; switch|bond|host) echo 3 ;;
	tcp) echo 4 ;; apps|faults) echo 5 ;; *) echo 9 ;;
	esac
}
for f in models/*/*.c models/*/*.h; do
	fam=$(basename "$(dirname "$f")")
	r=$(rank "$fam")
	for inc in $(sed -n 's|^#include "\([a-z]*\)/.*"|\1|p' "$f"); do
		ri=$(rank "$inc")
		if [ "$inc" = cli ] || [ "$ri" -ge "$r" ] && [ "$inc" != "$fam" ]; then
			bad "$f ($fam) includes $inc/"
		else ok; fi
	done
done
echo "layers: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
