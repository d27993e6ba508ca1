#!/bin/sh
# sweep.sh - one small sweep (2 grid points x 3 seeds) through every engine:
# this machine, GNU parallel, and a real one-node Slurm cluster that this
# script starts (munged, slurmctld, slurmd as root, in a folder of its own,
# on ports of its own) and stops.  The three merged results must be
# byte-identical.  A missing engine is a failure, not a skip.
#
#   BONDSIM=./bondsim tests/sweep.sh
set -u
BONDSIM=${BONDSIM:-./bondsim}
SCN=scenarios/mode1_failover_distribution.ini
T=$(mktemp -d /tmp/bondsim-sweep.XXXXXX)
fails=0
started=""

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

stop_cluster() {
	for p in "$T/slurm/slurmd.pid" "$T/slurm/slurmctld.pid" "$T/slurm/munge/munged.pid"; do
		[ -s "$p" ] && kill "$(cat "$p")" 2>/dev/null
	done
	# wait for them to go, at most 10 s
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		alive=""
		for p in "$T/slurm/slurmd.pid" "$T/slurm/slurmctld.pid" "$T/slurm/munge/munged.pid"; do
			[ -s "$p" ] && kill -0 "$(cat "$p")" 2>/dev/null && alive=1
		done
		[ -z "$alive" ] && break
		sleep 1
	done
}

cleanup() {
	[ -n "$started" ] && stop_cluster
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

run_sweep() {	# OUT ENGINE [OPTIONS...]: into $T/OUT
	out=$1 engine=$2
	shift 2
	if ! timeout 90 "$BONDSIM" sweep "$SCN" --grid server.bond0.miimon=50,100 --seeds 1-3 \
		--set sim.duration=3s --out "$T/$out" --metric failover.1.outage_ms \
		--engine "$engine" --quiet "$@"; then
		fail "sweep --engine $engine $* exited $?"
		return
	fi
	n=$(wc -l < "$T/$out/runs.jsonl")
	[ "$n" -eq 6 ] || fail "--engine $engine $*: $n lines in runs.jsonl, expected 6"
}

echo "-- --set and --json-line on the command line"
err=$("$BONDSIM" "$SCN" --set server.bond0.miimn=50 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] || fail "--set on an unknown path: exit $rc, expected 2"
case "$err" in
"--set server.bond0.miimn=50: no such path 'server.bond0.miimn' (did you mean 'server.bond0.miimon'?); a host's paths: "*) ;;
*) fail "--set on an unknown path said: $err" ;;
esac
err=$("$BONDSIM" "$SCN" --set sim.duration=3 2>&1 >/dev/null)
[ "$err" = "--set sim.duration=3: invalid time '3' (no unit); write a number and a unit (ns, us, ms, s, m, h), e.g. 10us, 100ms, 2.5s, 1m" ] ||
	fail "--set sim.duration=3 said: $err"
"$BONDSIM" "$SCN" --set server.bond0.miimon=50 --set sim.duration=3s --seed 2 --runs 0 --quiet \
	--json-line "$T/one.json" >/dev/null || fail "--json-line run exited $?"
head -c 200 "$T/one.json" | grep -q '^{"scenario": "scenarios/mode1_failover_distribution.ini", "set": \["server.bond0.miimon=50", "sim.duration=3s"\], "seed": 2, "status": 0, "metrics": {"sim.time_ns": 3000000000,' ||
	fail "--json-line: $(head -c 200 "$T/one.json")"
[ "$(wc -l < "$T/one.json")" -eq 1 ] || fail "--json-line wrote more than one line"
(cat tests/worlds/compare_never.ini; printf '[expect]\nfailover.2.outage_ms < 100ms\n') > "$T/never.ini"
"$BONDSIM" "$T/never.ini" --runs 0 --quiet --json-line "$T/never.json" >/dev/null 2>&1
grep -q '"expect": \[{"text": "failover.2.outage_ms < 100ms", "pass": false, "actual": "never"}\]}$' "$T/never.json" ||
	fail "--json-line: an outage with no end is not \"actual\": \"never\": $(grep -o '"expect".*' "$T/never.json")"
# a sweep exits as its runs do: 1 when an [expect] line failed in any run
"$BONDSIM" sweep "$T/never.ini" --seeds 1-2 --out "$T/never" --quiet 2>"$T/never.err"
rc=$?
[ $rc -eq 1 ] && grep -qx '  FAIL  failover.2.outage_ms < 100ms  (held in 0 of 2 runs)' "$T/never/summary.txt" &&
	[ "$(cat "$T/never.err")" = "bondsim: 2 runs failed an [expect] line or stopped before its time: $T/never/summary.txt says which" ] ||
	fail "a sweep whose runs failed an [expect] line: exit $rc, want 1, the line in summary.txt and why on stderr: $(cat "$T/never.err")"
"$BONDSIM" sweep "$T/never.ini" --seeds 1 --no-expect --out "$T/never_noexp" --quiet 2>/dev/null ||
	fail "the same sweep with --no-expect: exit $?, want 0"
"$BONDSIM" "$SCN" --json-line "$T/two.json" >/dev/null 2>&1
[ $? -eq 2 ] && [ ! -e "$T/two.json" ] || fail "--json-line on a batch ([sim] runs = 20) was not refused"

echo "-- local engine (fork/exec, 2 jobs)"
run_sweep local local --jobs 2
# outages 233.23264, 220.23872, 204.11968 ms (seeds 1-3; miimon=50 ticks every
# 51 ms, the timer wheel's level 0 adding a jiffy): mean 219.197, sd 14.5844,
# 219.197 -+ 4.303 * 14.5844 / sqrt(3) (tests/test_merge.c checks the arithmetic)
grep -qx '3s,50,failover.1.outage_ms,3,219.197,14.5844,182.964,255.43,0' "$T/local/summary.csv" ||
	fail "summary.csv: miimon=50, failover.1.outage_ms is not 3 runs, mean 219.197, CI [182.964, 255.43]"
[ -s "$T/local/summary.png" ] || fail "no summary.png"
# Every run carries the scenario's [expect] verdicts, none with --no-expect
# (the same metrics otherwise: the [expect] lines only read them).
n=$(grep -c '"expect": \[{"text": "server.bond0.active_slave == 1"' "$T/local/runs.jsonl")
[ "$n" -eq 6 ] || fail "runs.jsonl: $n runs with the scenario's [expect] verdicts, expected 6"
# runs that a forwarding loop ended early (status 1, no [expect] line):
# said as stopped, with seed and why, not as failed [expect] lines; the
# sweep exits 1, as each of its runs does
"$BONDSIM" sweep tests/worlds/storm.ini --seeds 1-2 --no-expect --out "$T/storm" --jobs 2 --quiet 2>/dev/null
rc=$?
[ $rc -eq 1 ] || fail "sweep of storm.ini: exit $rc, want 1 (its runs stopped early)"
grep -q '^2 runs stopped before the end of their time' "$T/storm/summary.txt" &&
grep -q '^  STOPPED  2 of 2 runs, first with seed 1: stopped at t=0.001005 s by a forwarding loop (the first: sw1 at 0.001005 s: ' "$T/storm/summary.txt" &&
! grep -q 'failed an \[expect\] line' "$T/storm/summary.txt" ||
	fail "sweep of storm.ini: summary.txt does not say the runs were stopped: $(head -3 "$T/storm/summary.txt")"
# a run's file with garbage after its line: merge names that file and line
cp -r "$T/local" "$T/garbage"
echo garbage >> "$T/garbage/runs/000001.json"
err=$("$BONDSIM" merge "$T/garbage" 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] && [ "$err" = "bondsim merge: $T/garbage/runs/000001.json:2: not a line of a bondsim run (bondsim SCENARIO --json-line FILE writes them)" ] &&
cmp -s "$T/local/runs.jsonl" "$T/garbage/runs.jsonl" ||
	fail "merge with garbage in runs/000001.json: exit $rc, '$err'; want exit 2 naming runs/000001.json:2, runs.jsonl untouched"
# merge commits as a run's --out does: its files listed in .bondsim-files
# (and the sweep's, which it keeps), a file of the user's in the way
# refused with nothing written, and a move that fails midway (an immutable
# summary.png of the earlier merge) undone.
want_files=$(printf 'runs.jsonl\nsummary.txt\nsummary.csv\nsummary_graph.dat\nsummary.png\nruns.list\n'
	for i in 0 1 2 3 4 5; do printf 'runs/00000%s.json\nruns/00000%s.log\n' $i $i; done)
[ "$(cat "$T/local/.bondsim-files")" = "$want_files" ] ||
	fail "sweep: .bondsim-files lists '$(cat "$T/local/.bondsim-files" 2>&1 | tr '\n' ' ')'"
mkdir "$T/mu"
cp -r "$T/local/runs" "$T/local/runs.list" "$T/mu/"
echo mine >"$T/mu/summary.txt"
err=$("$BONDSIM" merge "$T/mu" 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] && [ "$err" = "bondsim merge: $T/mu/summary.txt is not from an earlier bondsim run: move it away or choose another OUT" ] &&
[ "$(cat "$T/mu/summary.txt")" = mine ] && [ "$(ls -A "$T/mu" | tr '\n' ' ')" = "runs runs.list summary.txt " ] ||
	fail "merge over a user's summary.txt: exit $rc, '$err'; want exit 2, it kept and nothing written: $(ls -A "$T/mu" | tr '\n' ' ')"
cp -r "$T/local" "$T/mr"
if chattr +i "$T/mr/summary.png" 2>/dev/null; then
	(cd "$T/mr" && find . -type d -printf '%p\n' -o -printf '%p %i %s %T@\n' | sort) >"$T/mr.before"
	err=$("$BONDSIM" merge "$T/mr" --metric failover.1.outage_ms 2>&1 >/dev/null)
	rc=$?
	chattr -i "$T/mr/summary.png"
	(cd "$T/mr" && find . -type d -printf '%p\n' -o -printf '%p %i %s %T@\n' | sort) >"$T/mr.after"
	[ "$rc" -eq 2 ] && cmp -s "$T/mr.before" "$T/mr.after" &&
	[ "$err" = "bondsim merge: cannot write $T/mr/summary.png: Operation not permitted" ] ||
		fail "merge: a move that fails midway: exit $rc, '$err'; want exit 2 and OUT as it was: $(diff "$T/mr.before" "$T/mr.after" | head -5)"
fi
# A sweep into the same OUT: what the earlier one wrote and this one does
# not goes (its runs' files, its graph); merge again keeps the sweep's list.
cp -r "$T/local" "$T/again"
"$BONDSIM" sweep "$SCN" --grid server.bond0.miimon=50 --seeds 1 --set sim.duration=3s --out "$T/again" --quiet ||
	fail "a sweep into the OUT of an earlier one: exit $?"
want_files=$(printf 'runs.jsonl\nsummary.txt\nsummary.csv\nruns.list\nruns/000000.json\nruns/000000.log')
[ "$(ls -A "$T/again" | tr '\n' ' ')" = ".bondsim-files runs runs.jsonl runs.list summary.csv summary.txt " ] &&
[ "$(ls -A "$T/again/runs" | tr '\n' ' ')" = "000000.json 000000.log " ] &&
[ "$(cat "$T/again/.bondsim-files")" = "$want_files" ] ||
	fail "a sweep into the OUT of an earlier one: $(ls -A "$T/again" "$T/again/runs" | tr '\n' ' '); $(tr '\n' ' ' <"$T/again/.bondsim-files")"
"$BONDSIM" merge "$T/again" --quiet && [ "$(cat "$T/again/.bondsim-files")" = "$want_files" ] ||
	fail "merge after a sweep: .bondsim-files lists '$(tr '\n' ' ' <"$T/again/.bondsim-files")'"
# What the sweep and its merge write is checked before any run, as a single
# run's --out (an hour of compare.ini's traffic, a minute or more of wall
# time: a refusal within seconds came before the runs); nothing is written.
BIG=tests/worlds/compare.ini
sweep_out() {	# WANT ARGS...: exit 2 at once, WANT on stderr
	want=$1
	shift
	err=$(timeout 20 "$BONDSIM" sweep "$@" --set sim.duration=1h --quiet 2>&1 >/dev/null)
	rc=$?
	[ "$rc" -eq 2 ] && [ "$err" = "$want" ] ||
		fail "sweep $*: exit $rc, '$err'; want exit 2 at once, '$want'"
}
mkdir "$T/so1"
cp "$BIG" "$T/so1/runs.list"
sweep_out "bondsim sweep: --out $T/so1 would write $T/so1/runs.list over the scenario file: choose another --out" \
	"$T/so1/runs.list" --grid server.bond0.miimon=50 --out "$T/so1"
cmp -s "$BIG" "$T/so1/runs.list" && [ "$(ls -A "$T/so1")" = runs.list ] ||
	fail "sweep --out over the scenario: it or OUT changed: $(ls -A "$T/so1" | tr '\n' ' ')"
# a file that one grid point reads
mkdir -p "$T/so2/o"
cp "$BIG" "$T/so2/s.ini"
echo 'options bonding miimon=100' >"$T/so2/m.conf"
echo 'options bonding miimon=100' >"$T/so2/o/summary.csv"
sweep_out "bondsim sweep: --out $T/so2/o would write $T/so2/o/summary.csv over the file read by --set server.modprobe.d=@o/summary.csv: choose another --out" \
	"$T/so2/s.ini" --grid server.modprobe.d=@m.conf,@o/summary.csv --out "$T/so2/o"
[ "$(cat "$T/so2/o/summary.csv")" = 'options bonding miimon=100' ] && [ "$(ls -A "$T/so2/o")" = summary.csv ] ||
	fail "sweep --out over an @file: it or OUT changed: $(ls -A "$T/so2/o" | tr '\n' ' ')"
# a file of the user's where a run writes its log
mkdir -p "$T/so3/runs"
echo mine >"$T/so3/runs/000000.log"
sweep_out "bondsim sweep: $T/so3/runs/000000.log is not from an earlier bondsim run: move it away or choose another --out" \
	"$BIG" --grid server.bond0.miimon=50 --out "$T/so3"
[ "$(cat "$T/so3/runs/000000.log")" = mine ] && [ "$(ls -A "$T/so3" "$T/so3/runs" | tr '\n' ' ')" = "$T/so3: runs  $T/so3/runs: 000000.log " ] ||
	fail "sweep --out over a user's file: want it kept and nothing else: $(ls -A "$T/so3" "$T/so3/runs" | tr '\n' ' ')"
run_sweep noexpect local --no-expect
n=$(grep -c '"expect": \[\]}' "$T/noexpect/runs.jsonl")
[ "$n" -eq 6 ] || fail "--no-expect: $n runs without [expect] verdicts, expected 6"
cmp -s "$T/local/summary.csv" "$T/noexpect/summary.csv" ||
	fail "--no-expect: summary.csv differs from the sweep with [expect]"

echo "-- GNU parallel"
if command -v parallel >/dev/null 2>&1; then
	run_sweep parallel parallel --jobs 2
	# ':' is GNU parallel's name for this machine: the --sshlogin way a
	# sweep reaches other hosts, taken without ssh
	run_sweep sshlogin parallel --jobs 2 --sshlogin :
else
	fail "GNU parallel is not installed (apt-get install parallel)"
fi

err=$("$BONDSIM" sweep "$SCN" --grid server.bond0.miimon=50 --seeds 1 --out "$T/refused" \
	--sshlogin : 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] && [ "$err" = "bondsim sweep: --sshlogin is for --engine parallel" ] && [ ! -e "$T/refused" ] ||
	fail "--sshlogin without --engine parallel: exit $rc, '$err', want exit 2, the reason and no OUT"

# --metric is checked before any run, against what the grid points publish
err=$("$BONDSIM" sweep "$SCN" --grid server.bond0.miimon=50 --seeds 1 --out "$T/refused" \
	--metric failover.1.outage_m 2>&1 >/dev/null)
rc=$?
[ "$rc" -eq 2 ] && [ ! -e "$T/refused" ] &&
[ "$err" = "bondsim sweep: --metric failover.1.outage_m: no grid point has it (did you mean 'failover.1.outage_ms'?) (bondsim list-metrics $SCN lists them)" ] ||
	fail "--metric failover.1.outage_m: exit $rc, '$err', want exit 2, the nearest name and no OUT"

echo "-- Slurm: a one-node cluster on this host"
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
	fail "slurm-wlm or munge is not installed (apt-get install slurm-wlm munge)"
elif [ "$(id -u)" != 0 ]; then
	fail "the Slurm test starts slurmd, which runs as root: run make check as root"
else
	S=$T/slurm
	host=$(hostname -s)
	port=$((20000 + $$ % 20000))
	mkdir -p "$S/munge" "$S/state" "$S/spool"
	chmod 700 "$S/munge"
	dd if=/dev/urandom of="$S/munge/munge.key" bs=1024 count=1 2>/dev/null
	chmod 400 "$S/munge/munge.key"
	cat > "$S/slurm.conf" <<EOF
ClusterName=bondsim-test
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$S/munge/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=2 State=UNKNOWN
PartitionName=bondsim Nodes=$host Default=YES MaxTime=10 State=UP
EOF
	export SLURM_CONF="$S/slurm.conf"
	started=1
	munged --force --key-file="$S/munge/munge.key" --socket="$S/munge/munge.socket" \
		--pid-file="$S/munge/munged.pid" --log-file="$S/munge/munged.log" \
		--seed-file="$S/munge/munged.seed" || fail "munged did not start"
	slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start (see $S/slurmctld.log)"
	slurmd -f "$SLURM_CONF" || fail "slurmd did not start"
	# the node is idle within a few seconds
	for _ in $(seq 1 30); do
		sinfo -h -o %t 2>/dev/null | grep -q idle && break
		sleep 1
	done
	echo "   $(sinfo -h -o '%P %a %D %t %N' 2>&1)"
	run_sweep slurm slurm
	[ -s "$T/slurm/sweep.sbatch" ] && grep -q '^#SBATCH --array=0-5$' "$T/slurm/sweep.sbatch" ||
		fail "sweep.sbatch has no '#SBATCH --array=0-5'"
	# the script, the job id and each task's log are the sweep's, listed
	for f in sweep.sbatch sweep.job runs/slurm-0.out runs/slurm-5.out; do
		grep -qx "$f" "$T/slurm/.bondsim-files" || fail "--engine slurm: $f is not in .bondsim-files"
	done
	[ -x "$T/slurm/sweep.sbatch" ] || fail "--engine slurm: sweep.sbatch is not executable"
	# --no-wait: the job id now, merge once the job is done
	out=$(timeout 30 "$BONDSIM" sweep "$SCN" --grid server.bond0.miimon=50,100 --seeds 1-3 \
		--set sim.duration=3s --out "$T/nowait" --engine slurm --no-wait)
	job=$(cat "$T/nowait/sweep.job" 2>/dev/null)
	case "$out" in
	"Slurm job $job: 6 runs; when it is done: bondsim merge $T/nowait") ;;
	*) fail "--no-wait printed '$out' (job '$job')" ;;
	esac
	for _ in $(seq 1 60); do
		[ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
		sleep 1
	done
	"$BONDSIM" merge "$T/nowait" --metric failover.1.outage_ms --quiet || fail "merge after --no-wait"
	cmp -s "$T/local/summary.csv" "$T/nowait/summary.csv" || fail "--no-wait + merge: summary.csv differs"
	stop_cluster
	started=""
fi

echo "-- bondsim compare: exact figures on tests/worlds/compare.ini"
if "$BONDSIM" compare tests/worlds/compare.ini --runs 2 --modes 0,1,4,6 --jobs 2 --out "$T/cmp" > "$T/cmp.txt"; then
	# aggregate, best flow, Jain, reordered %, MAC moves, outage median/p95, lost, switch
	cat > "$T/cmp.want" <<'EOF'
  0 balance-rr         1415.1      586.5   0.88       0.00         0             0/0        0  static port-channel (mode on): sw1 Po1 Gi0/1 Gi0/2
  1 active-backup      1231.6      576.5   0.79       0.00         0           48/64     8585  plain ports: sw1 Gi0/1 Gi0/2
  4 802.3ad             309.9      144.2   0.50       0.00         0           10/10     1315  LACP port-channel (mode active): sw1 Po1 Gi0/1 Gi0/2
  6 balance-alb        1246.6      586.5   0.71       0.13         0           48/64     1471  plain ports: sw1 Gi0/1 Gi0/2
EOF
	sed -n 5,8p "$T/cmp.txt" | diff "$T/cmp.want" - || fail "compare: the table differs (above)"
	grep -q '^  0 balance-rr     RECOMMENDED\. good: the most aggregate throughput (1415 Mbit/s)' "$T/cmp.txt" ||
		fail "compare: balance-rr is not the recommended mode"
	grep -q "^  4 802.3ad        good: .*LACP took 2288 ms to carry traffic and a flow's first packet 3000 ms" "$T/cmp.txt" ||
		fail "compare: 802.3ad's verdict does not say the flows waited for ARP after LACP"
	grep -q '^  6 balance-alb    good: .*bad: .*reorders 0.13% of packets' "$T/cmp.txt" ||
		fail "compare: balance-alb's verdict does not say it reorders"
	cmp -s "$T/cmp.txt" "$T/cmp/compare.txt" || fail "compare: compare.txt is not what it printed"
	# the chart: a PNG of 1280 x 900
	[ "$(od -An -tx1 -j16 -N8 "$T/cmp/compare.png" | tr -d ' \n')" = 0000050000000384 ] ||
		fail "compare: compare.png is not a 1280x900 PNG"
else
	fail "compare exited $?"
fi
echo "-- bondsim compare: a TCP world adds its goodput and what reordering made it re-send"
if "$BONDSIM" compare tests/worlds/compare_tcp.ini --runs 1 --modes 0,1 --jobs 2 > "$T/cmpt.txt"; then
	grep -q 'best TCP  TCP re-sent' "$T/cmpt.txt" || fail "compare (tcp): no TCP columns"
	grep -Eq '^  0 balance-rr +941\.2 +941\.2 .* 941\.2 +42  static' "$T/cmpt.txt" ||
		fail "compare (tcp): the balance-rr row: $(grep 'balance-rr' "$T/cmpt.txt" | head -1)"
	grep -Eq '^  1 active-backup .* 941\.5 +0  plain' "$T/cmpt.txt" ||
		fail "compare (tcp): the active-backup row: $(grep 'active-backup' "$T/cmpt.txt" | head -1)"
	grep -q '^  0 balance-rr .*TCP sent 42 segments again that had arrived' "$T/cmpt.txt" ||
		fail "compare (tcp): the balance-rr verdict does not count the segments re-sent"
else
	fail "compare (tcp) exited $?"
fi

echo "-- bondsim compare: a flow that never recovered is 'never', not the 20 ms left to run"
# eth0 turns into a silent black hole 20 ms before the end: active-backup
# (eth0 active) and balance-xor (flow b hashed onto it) deliver nothing more
if "$BONDSIM" compare tests/worlds/compare_never.ini --runs 2 --modes 0,1,2,5 --jobs 2 \
	--out "$T/cmpn" > "$T/cmpn.txt"; then
	cat > "$T/cmpn.want" <<'EOF'
  0 balance-rr           19.4        9.7   0.70       0.00         0             0/0        0  static port-channel (mode on): sw1 Po1 Gi0/1 Gi0/2 Gi0/3
  1 active-backup        19.4        9.7   0.33       0.00         0           never      >=0  plain ports: sw1 Gi0/1 Gi0/2 Gi0/3
  2 balance-xor          19.4        9.7   0.79       0.00         0           never      >=0  static port-channel (mode on): sw1 Po1 Gi0/1 Gi0/2 Gi0/3
  5 balance-tlb          19.5        9.7   0.49       0.00         0             2/2        1  plain ports: sw1 Gi0/1 Gi0/2 Gi0/3

  never: a flow got nothing after a fault until the next fault or the end of the run;
  its outage has no end and its lost packets no count (>= lost: the flows that recovered)
    1 active-backup  flow a never recovered in 2 of 2 runs, flow b never recovered in 2 of 2 runs
    2 balance-xor    flow b never recovered in 2 of 2 runs
EOF
	sed -n 5,13p "$T/cmpn.txt" | diff "$T/cmpn.want" - || fail "compare (never): the table differs (above)"
	grep -q '^  0 balance-rr     RECOMMENDED\.' "$T/cmpn.txt" ||
		fail "compare (never): balance-rr is not the recommended mode"
	grep -q '^  1 active-backup  good: .*bad: connectivity lost for good after a fault: flow a never recovered in 2 of 2 runs, flow b never recovered in 2 of 2 runs (never recommended)' "$T/cmpn.txt" ||
		fail "compare (never): active-backup's verdict does not say it lost its flows for good"
	grep -qx '1,active-backup,19.3796,9.68978,0.333342,0,0,never,never,0,2,"flow a never recovered in 2 of 2 runs, flow b never recovered in 2 of 2 runs","plain ports: sw1 Gi0/1 Gi0/2 Gi0/3",' "$T/cmpn/compare.csv" ||
		fail "compare (never): compare.csv: $(grep active-backup "$T/cmpn/compare.csv")"
	[ -s "$T/cmpn/compare.png" ] || fail "compare (never): no compare.png"
else
	fail "compare (never) exited $?"
fi
# every mode left lost a flow for good: none recommended, and the chart
# drawn all the same (labels, no bar)
"$BONDSIM" compare tests/worlds/compare_never.ini --runs 1 --modes 1,2 --out "$T/cmpn2" > "$T/cmpn2.txt" 2>&1
grep -qx '  none recommended: under every mode a flow never recovered after a fault' "$T/cmpn2.txt" &&
	! grep -q 'RECOMMENDED\|gnuplot' "$T/cmpn2.txt" && [ -s "$T/cmpn2/compare.png" ] ||
	fail "compare --modes 1,2 on compare_never.ini: $(cat "$T/cmpn2.txt")"

err=$("$BONDSIM" compare tests/worlds/compare.ini --modes 1,7 2>&1)
[ $? -eq 2 ] && [ "$err" = "bondsim compare: --modes '1,7': write bonding modes 0 to 6, each once, by number or name, e.g. --modes 0,1,4 or --modes balance-rr,active-backup,802.3ad" ] ||
	fail "compare --modes 1,7 said: $err"

echo "-- bondsim compare: an error under every mode is the user's, said once, exit 2, nothing written"
# the scenario as written (its own mode, the --set) must load before any mode runs
sed 's/^\[switch sw1\]/[swich sw1]/' tests/worlds/compare.ini > "$T/swich.ini"
sed 's/miimon=100/miimn=100/' tests/worlds/compare.ini > "$T/miimn.ini"
cmp_refused() {	# WANT ARGS...: exit 2, WANT on stderr, nothing on stdout, no --out
	want=$1
	shift
	rm -rf "$T/cmpbad"
	out=$("$BONDSIM" compare "$@" --runs 1 --modes 1,4 --out "$T/cmpbad" 2>"$T/cmpbad.err")
	rc=$?
	[ "$rc" -eq 2 ] && [ "$(cat "$T/cmpbad.err")" = "$want" ] && [ -z "$out" ] && [ ! -e "$T/cmpbad" ] ||
		fail "compare $*: exit $rc, '$(cat "$T/cmpbad.err")', stdout '$out'; want exit 2, '$want', nothing written"
}
cmp_refused "$T/swich.ini:8: unknown section 'swich' (did you mean 'switch'?); valid: sim, switch, host, links, flow, faults, expect, mlag" \
	"$T/swich.ini"
cmp_refused "$T/miimn.ini:14: unknown option 'miimn' (did you mean 'miimon'?); 'bondsim options' lists the valid ones" \
	"$T/miimn.ini"
cmp_refused "--set server.bond0.miimon=x: option miimon: invalid value (x); the module parameter is an integer, names are not accepted here" \
	tests/worlds/compare.ini --set server.bond0.miimon=x
# a mode the world cannot take (static channel, MLAG wants LACP) stays a row;
# with no mode run there is nothing to draw: no compare.png, no graph data
out=$("$BONDSIM" compare scenarios/mode4_mlag.ini --runs 1 --modes 0 --out "$T/cmpnone" 2>&1)
rc=$?
[ "$rc" -eq 0 ] && echo "$out" | grep -q "^  0 balance-rr     not run: scenarios/mode4_mlag.ini:44: MLAG pair: sw1's Po1 has mlag=1 but is static" ||
	fail "compare mode4_mlag.ini --modes 0: exit $rc, '$out'; want a 'not run:' row"
echo "$out" | grep -q gnuplot && fail "compare with no mode run: $out"
[ -s "$T/cmpnone/compare.csv" ] && [ ! -e "$T/cmpnone/compare.png" ] && [ ! -e "$T/cmpnone/compare_graph.dat" ] ||
	fail "compare with no mode run wrote: $(ls "$T/cmpnone" 2>&1 | tr '\n' ' ')"

echo "-- bondsim compare: its outputs are checked before any run, as a single run's, and committed all or none"
# Each world would run for an hour of simulated time (a minute or more of
# wall time): a refusal within seconds came before the runs.
cmp_out() {	# WANT ARGS...: exit 2 at once, WANT on stderr, nothing on stdout
	want=$1
	shift
	out=$(timeout 20 "$BONDSIM" compare "$@" --runs 1 --modes 1,4 --set sim.duration=1h 2>"$T/cmpout.err")
	rc=$?
	[ "$rc" -eq 2 ] && [ "$(cat "$T/cmpout.err")" = "$want" ] && [ -z "$out" ] ||
		fail "compare $*: exit $rc, '$(cat "$T/cmpout.err")', stdout '$out'; want exit 2 at once, '$want'"
}
mkdir "$T/co1"
cp tests/worlds/compare.ini "$T/co1/compare.txt"
cmp_out "bondsim compare: --out $T/co1 would write $T/co1/compare.txt over the scenario file: choose another --out" \
	"$T/co1/compare.txt" --out "$T/co1"
cmp -s tests/worlds/compare.ini "$T/co1/compare.txt" && [ "$(ls -A "$T/co1")" = compare.txt ] ||
	fail "compare --out over the scenario: the scenario or its folder changed: $(ls -A "$T/co1" | tr '\n' ' ')"
mkdir -p "$T/co2/o"
sed 's/^\[host server\]$/&\nmodprobe.d = @o\/compare.csv/' tests/worlds/compare.ini >"$T/co2/s.ini"
echo 'options bonding miimon=100' >"$T/co2/o/compare.csv"
n=$(grep -n '^modprobe.d' "$T/co2/s.ini" | cut -d: -f1)
cmp_out "bondsim compare: --out $T/co2/o would write $T/co2/o/compare.csv over the file read by $T/co2/s.ini:$n (modprobe.d = @o/compare.csv): choose another --out" \
	"$T/co2/s.ini" --out "$T/co2/o"
[ "$(cat "$T/co2/o/compare.csv")" = 'options bonding miimon=100' ] && [ "$(ls -A "$T/co2/o")" = compare.csv ] ||
	fail "compare --out over an @file: it changed"
mkdir "$T/co3"
echo mine >"$T/co3/compare.png"
cmp_out "bondsim compare: $T/co3/compare.png is not from an earlier bondsim run: move it away or choose another --out" \
	tests/worlds/compare.ini --out "$T/co3"
[ "$(cat "$T/co3/compare.png")" = mine ] && [ "$(ls -A "$T/co3")" = compare.png ] ||
	fail "compare --out over a user's file: want it kept and nothing else: $(ls -A "$T/co3" | tr '\n' ' ')"
# A move that fails midway (an immutable file of the earlier compare in the
# way of the last one): --out as it was.  Skipped where chattr +i is not allowed.
"$BONDSIM" compare tests/worlds/compare.ini --runs 1 --modes 1 --out "$T/co4" >/dev/null 2>&1
if [ -s "$T/co4/compare.png" ] && chattr +i "$T/co4/compare.png" 2>/dev/null; then
	(cd "$T/co4" && find . -type d -printf '%p\n' -o -printf '%p %i %s %T@\n' | sort) >"$T/co4.before"
	"$BONDSIM" compare tests/worlds/compare.ini --runs 1 --modes 1 --seed 2 --out "$T/co4" \
		>/dev/null 2>"$T/co4.err"
	rc=$?
	chattr -i "$T/co4/compare.png"
	(cd "$T/co4" && find . -type d -printf '%p\n' -o -printf '%p %i %s %T@\n' | sort) >"$T/co4.after"
	[ "$rc" -eq 2 ] && cmp -s "$T/co4.before" "$T/co4.after" &&
	[ "$(cat "$T/co4.err")" = "bondsim compare: cannot write $T/co4/compare.png: Operation not permitted" ] ||
		fail "compare: a move that fails midway: exit $rc, '$(cat "$T/co4.err")'; want exit 2 and --out as it was: $(diff "$T/co4.before" "$T/co4.after" | head -5)"
fi

echo "-- the same bytes from every engine"
for e in parallel sshlogin slurm; do
	for f in runs.jsonl summary.txt summary.csv summary_graph.dat; do
		if [ ! -f "$T/$e/$f" ]; then
			fail "--engine $e wrote no $f"
		elif ! cmp -s "$T/local/$f" "$T/$e/$f"; then
			fail "--engine $e: $f differs from the local engine's"
		fi
	done
done

if [ "$fails" -ne 0 ]; then
	echo "sweep: $fails failure(s)"
	exit 1
fi
echo "sweep: local, GNU parallel and Slurm gave byte-identical results"
