#!/bin/sh
# run-scenarios.sh - every scenario of a repository through bondsim, one
# JUnit file per scenario in junit/; the worst exit status wins (2: a
# scenario bondsim refused, 1: an expectation failed, 0: all held).
# Used by gitlab-ci.yml and github-actions.yml; BONDSIM names the binary.
#
#   examples/run-scenarios.sh [SCENARIO_DIR] [JUNIT_DIR]
set -u
BONDSIM=${BONDSIM:-bondsim}
dir=${1:-scenarios}
out=${2:-junit}
mkdir -p "$out"
rc=0
for f in "$dir"/*.ini; do
	[ -f "$f" ] || continue
	"$BONDSIM" "$f" --quiet --junit "$out/$(basename "$f" .ini).xml"
	s=$?
	[ $s -ne 0 ] && echo "bondsim: $f: exit $s" >&2
	[ $s -gt $rc ] && rc=$s
done
exit $rc
