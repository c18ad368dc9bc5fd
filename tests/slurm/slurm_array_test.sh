#!/usr/bin/env bash
# scripts/slurm on a real Slurm: starts a private one-node cluster (munged, slurmctld, slurmd) in a
# temporary folder, runs a sharded sweep and a sharded audit of a reduced demo zoo (job arrays) and
# a fine-pruning (a chain of dependent jobs) through scripts/slurm/submit.sh, and checks that each
# merged result.json equals, value for value, the JSON the same command prints unsharded with
# --json.
#
#   tests/slurm/slurm_array_test.sh PATH/TO/backdoorlab-cli     (CTest: slurm.job_array)
#
# Needs root (slurmd starts jobs as their user) and Debian's slurm-wlm and munge; skips with exit
# 77 otherwise. Never reads or writes /etc/slurm or /etc/munge: the configuration, key, sockets,
# state, spool, pid files and logs all live in the temporary folder, on free high ports, and
# every daemon started here is stopped on exit. BDL_SLURM_TEST_KEEP=1 keeps the folder.
set -euo pipefail

skip() {
  echo "SKIP: $*"
  exit 77
}

cli="${1:?usage: slurm_array_test.sh PATH/TO/backdoorlab-cli}"
cli="$(realpath -- "$cli")"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[ -x "$cli" ] || { echo "FAIL: $cli is not an executable" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "needs root to run a private slurmd (slurmd starts jobs as their user)"
for tool in munged slurmctld slurmd sbatch squeue sinfo scontrol scancel python3; do
  command -v "$tool" >/dev/null 2>&1 ||
    skip "'$tool' not found: install Debian's slurm-wlm and munge (scripts/install-deps.sh)"
done

# The demo zoo trains on it.
fashion=/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
[ -f "$fashion" ] || skip "Fashion-MNIST is not installed ($fashion; apt-get install dataset-fashion-mnist)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/bdl-slurm-test.XXXXXX")"
chmod 700 "$tmp"
pids=()

show_logs() {
  local f
  for f in "$tmp"/log/*.log "$tmp"/out-*/logs/*.out; do
    [ -f "$f" ] || continue
    echo "----- $f (last 60 lines) -----"
    tail -n 60 "$f"
  done
}

fail() {
  echo "FAIL: $*" >&2
  show_logs >&2
  exit 1
}

cleanup() {
  local status=$? pid i
  set +e
  if [ ${#pids[@]} -gt 1 ] && kill -0 "${pids[1]}" 2>/dev/null; then
    # Our own cluster's jobs only (SLURM_CONF points at it); wait for their steps to end before
    # stopping slurmd, so no job process outlives the test.
    scancel --quiet --full --signal=KILL --user=root >/dev/null 2>&1
    for ((i = 0; i < 30; ++i)); do
      [ -z "$(squeue -h -o %i -t PD,R,CG,S,CF 2>/dev/null)" ] && break
      sleep 1
    done
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; --i)); do
    kill -TERM "${pids[i]}" 2>/dev/null
  done
  for pid in "${pids[@]}"; do
    for ((i = 0; i < 100; ++i)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  if [ "${BDL_SLURM_TEST_KEEP:-0}" = 1 ]; then
    echo "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- a private one-node cluster ------------------------------------------------------------
mkdir -p "$tmp/munge" "$tmp/etc" "$tmp/state" "$tmp/spool" "$tmp/run" "$tmp/log"
chmod 711 "$tmp/munge"
if command -v mungekey >/dev/null 2>&1; then
  mungekey --create --keyfile="$tmp/munge/munge.key"
else
  dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
fi
chmod 400 "$tmp/munge/munge.key"
munge_socket="$tmp/munge/munge.socket"
munged --foreground --force --socket="$munge_socket" --key-file="$tmp/munge/munge.key" \
  --log-file="$tmp/log/munged.log" --pid-file="$tmp/run/munged.pid" \
  --seed-file="$tmp/munge/munged.seed" >>"$tmp/log/munged.log" 2>&1 &
pids+=($!)
for ((i = 0; i < 50; ++i)); do
  [ -S "$munge_socket" ] && break
  kill -0 "${pids[0]}" 2>/dev/null || fail "munged exited at start"
  sleep 0.1
done
[ -S "$munge_socket" ] || fail "munged did not create its socket $munge_socket"

node="$(hostname -s)"
cpus="$(nproc)"
mem_mb=$(awk '/^MemAvailable:/ {printf "%d", $2 / 1024 * 0.8}' /proc/meminfo)
ctld_port="$(free_port)"
slurmd_port="$(free_port)"
while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port="$(free_port)"; done
: >"$tmp/etc/plugstack.conf"
cat >"$tmp/etc/slurm.conf" <<CONF
# A private one-node cluster for tests/slurm/slurm_array_test.sh.
ClusterName=bdltest
SlurmctldHost=${node}(127.0.0.1)
SlurmctldPort=${ctld_port}
SlurmdPort=${slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${munge_socket}
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
ReturnToService=2
MinJobAge=600
MailProg=/bin/true
PlugStackConfig=${tmp}/etc/plugstack.conf
StateSaveLocation=${tmp}/state
SlurmdSpoolDir=${tmp}/spool
SlurmctldPidFile=${tmp}/run/slurmctld.pid
SlurmdPidFile=${tmp}/run/slurmd.pid
SlurmdParameters=config_overrides
NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${mem_mb} State=UNKNOWN
PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP
CONF
# Nothing of the caller's Slurm session (a CI job inside Slurm) leaks into sbatch/squeue here.
while read -r var; do
  unset "$var"
done < <(compgen -e | grep -E '^(SLURM|SBATCH|SALLOC|SRUN|SQUEUE|SINFO|SCANCEL|SCONTROL)_' || true)
export SLURM_CONF="$tmp/etc/slurm.conf"

# In the foreground (-D) they log to stderr: one log each, early configuration errors included.
slurmctld -D -f "$SLURM_CONF" >>"$tmp/log/slurmctld.log" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N "$node" >>"$tmp/log/slurmd.log" 2>&1 &
pids+=($!)

deadline=$((SECONDS + 60))
until [ "$(sinfo -h -n "$node" -o %t 2>/dev/null)" = idle ]; do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || fail "a Slurm or munge daemon exited at start"
  done
  [ $SECONDS -lt $deadline ] ||
    fail "node $node not idle after 60 s (sinfo: $(sinfo -h -o '%t %E' 2>&1 | head -n 3))"
  sleep 0.5
done
echo "cluster up: node $node ($cpus CPUs, ${mem_mb} MB), slurmctld :$ctld_port, slurmd :$slurmd_port"

# wait_jobs TIMEOUT JOBID...: until every job has left the pending/running states; fails on
# timeout, or when one of them did not end COMPLETED.
wait_jobs() {
  local timeout=$1 deadline state id
  shift
  deadline=$((SECONDS + timeout))
  while [ -n "$(squeue -h -o %i -t PD,R,CG,S,CF -j "$(IFS=,; echo "$*")" 2>/dev/null)" ]; do
    [ $SECONDS -lt $deadline ] || fail "jobs $* still queued after $timeout s: $(squeue 2>&1)"
    sleep 1
  done
  for id in "$@"; do
    state=$(scontrol show job "$id" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | sort -u | tr '\n' ' ')
    [ "$state" = "COMPLETED " ] || fail "job $id ended ${state:-unknown}"
  done
}

# submit_and_wait NAME TIMEOUT: submits scripts/slurm with the BDL_* settings of the environment
# into $tmp/out-NAME, waits for the array (or chain) and the merge; prints the wall time.
submit_and_wait() {
  local name=$1 timeout=$2 out="$tmp/out-$1" jobs start
  start=$SECONDS
  BDL_OUT="$out" "$repo/scripts/slurm/submit.sh" >"$tmp/submit-$name.txt" 2>&1 ||
    fail "submit.sh ($name) failed: $(cat "$tmp/submit-$name.txt")"
  jobs=$(sed -n 's/^BDL_JOBS=//p' "$tmp/submit-$name.txt")
  [ -n "$jobs" ] || fail "submit.sh ($name) printed no job ids: $(cat "$tmp/submit-$name.txt")"
  # shellcheck disable=SC2086 # the ids
  wait_jobs "$timeout" ${jobs//,/ }
  [ -s "$out/result.json" ] || fail "$name: the merge job wrote no $out/result.json"
  echo "$name: sharded through Slurm in $((SECONDS - start)) s (jobs $jobs)"
}

# same_json NAME MERGED UNSHARDED: equal values, key order included; whitespace aside.
same_json() {
  python3 - "$@" <<'PY' || fail "$1: the merged result differs from the unsharded --json output"
import difflib, json, sys
name, merged_path, plain_path = sys.argv[1:4]
with open(merged_path) as f:
    merged = json.load(f)
with open(plain_path) as f:
    plain = json.load(f)
a = json.dumps(merged, indent=1).splitlines()
b = json.dumps(plain, indent=1).splitlines()
if merged == plain and a == b:
    print(f"{name}: merged result.json equals the unsharded --json output")
    sys.exit(0)
if merged == plain:
    print(f"{name}: same values but a different key order")
sys.stdout.writelines(line + "\n" for line in difflib.unified_diff(
    a, b, "merged result.json", "unsharded --json", lineterm="", n=2))
sys.exit(1)
PY
}

# ---- BackdoorLab through scripts/slurm -----------------------------------------------------

zoo="$tmp/zoo"
start=$SECONDS
"$cli" zoo --out "$zoo" --train-images 2000 --validation-images 200 --test-images 300 --epochs 1 \
  --quiet >"$tmp/zoo.txt" 2>&1 || fail "building the reduced zoo failed: $(cat "$tmp/zoo.txt")"
echo "reduced zoo built in $((SECONDS - start)) s"

# One thread everywhere: every run computes bit for bit the same numbers.
export BDL_CLI="$cli" BDL_ZOO="$zoo" BDL_DATA="" BDL_PARTITION=debug BDL_TIME=00:15:00 \
  BDL_MERGE_TIME=00:05:00 BDL_CPUS=1 BDL_SBATCH_ARGS=""
unset BDL_SLURM_SETTINGS BDL_SLURM_DIR

# (a) a learning-rate sweep of zoo:patch, 3 shards of one learning rate each.
sweep_args="--lrs 1e-2,1e-3,1e-4 --ks 1,2 --epochs 1 --seed 7"
BDL_KIND=sweep BDL_MODELS=zoo:patch BDL_ARGS="$sweep_args" BDL_SHARDS=3 submit_and_wait sweep 600
start=$SECONDS
# shellcheck disable=SC2086 # options split on white space, as submit.sh does
"$cli" sweep --model zoo:patch --zoo "$zoo" $sweep_args --threads 1 --json \
  >"$tmp/sweep.json" 2>"$tmp/sweep.err" || fail "unsharded sweep failed: $(cat "$tmp/sweep.err")"
echo "sweep: unsharded on one machine in $((SECONDS - start)) s"
same_json sweep "$tmp/out-sweep/result.json" "$tmp/sweep.json"

# (b) an audit of two zoo models, one per shard.
BDL_KIND=audit BDL_MODELS="zoo:patch zoo:blend" BDL_ARGS="--seed 7" BDL_SHARDS=2 \
  submit_and_wait audit 600
start=$SECONDS
"$cli" audit --model zoo:patch --model zoo:blend --zoo "$zoo" --seed 7 --threads 1 --json \
  >"$tmp/audit.json" 2>"$tmp/audit.err" || fail "unsharded audit failed: $(cat "$tmp/audit.err")"
echo "audit: unsharded on one machine in $((SECONDS - start)) s"
same_json audit "$tmp/out-audit/result.json" "$tmp/audit.json"

# (c) fine-pruning of zoo:patch (the paper protocol), a chain of 3 jobs of one step each: each
# starts after the previous one succeeded and resumes from its part and model state.
fp_args="--steps 3 --epochs 1 --seed 7"
BDL_KIND=fine-prune BDL_MODELS=zoo:patch BDL_ARGS="$fp_args" BDL_SHARDS=3 \
  submit_and_wait fine-prune 600
grep -q '^chain jobs ' "$tmp/submit-fine-prune.txt" ||
  fail "fine-prune was not submitted as a chain: $(cat "$tmp/submit-fine-prune.txt")"
start=$SECONDS
# shellcheck disable=SC2086 # options split on white space, as submit.sh does
"$cli" fine-prune --model zoo:patch --zoo "$zoo" $fp_args --threads 1 --json \
  >"$tmp/fine-prune.json" 2>"$tmp/fine-prune.err" ||
  fail "unsharded fine-prune failed: $(cat "$tmp/fine-prune.err")"
echo "fine-prune: unsharded on one machine in $((SECONDS - start)) s"
same_json fine-prune "$tmp/out-fine-prune/result.json" "$tmp/fine-prune.json"

# Liu et al.'s protocol fine-tunes once: submit.sh refuses to chain it.
if BDL_KIND=fine-prune BDL_MODELS=zoo:patch BDL_ARGS="--protocol liu" BDL_SHARDS=2 \
  BDL_OUT="$tmp/out-liu" "$repo/scripts/slurm/submit.sh" >"$tmp/submit-liu.txt" 2>&1; then
  fail "submit.sh accepted fine-prune --protocol liu: $(cat "$tmp/submit-liu.txt")"
fi
grep -q 'protocol liu does not shard' "$tmp/submit-liu.txt" ||
  fail "submit.sh refused fine-prune --protocol liu without saying why: $(cat "$tmp/submit-liu.txt")"

echo "PASS: sharded sweep, audit and fine-prune through a real Slurm equal their unsharded runs"
