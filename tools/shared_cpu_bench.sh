#!/bin/bash
# A fine-tuning run of backdoorlab-cli alone and beside busy processes, with libgomp's default
# spinning ("spin": GOMP_SPINCOUNT=300000, libgomp's own default, which also keeps the CLI from
# choosing) and with what the CLI and the desktop app choose by themselves ("passive":
# OMP_WAIT_POLICY=PASSIVE, core/base/runtime.h). Prints one line per run and a JSON summary.
#
#   tools/shared_cpu_bench.sh [--cli PATH] [--epochs E] [--busy N] [--threads "0 1"] [--repeat R]
#
# --busy N: busy processes beside the run (default: 1, "another process busy on the same cores");
# each is a shell loop on one core. --threads: the CLI's --threads values to try (0 = every core).
# The workload: `export --model zoo:patch --prune 6 --epochs E` (ranking, then E epochs of
# fine-tuning on the demo zoo's train set); the zoo must exist (backdoorlab-cli zoo builds it).
# Measure on a quiet machine: the script refuses to start while the 1-minute load average is
# above 0.5 unless --force is given.
set -euo pipefail
cli=build/app/cli/backdoorlab-cli
epochs=3
busy=1
threads="0"
repeat=1
force=0
while [ $# -gt 0 ]; do
    case "$1" in
    --cli) cli=$2; shift 2 ;;
    --epochs) epochs=$2; shift 2 ;;
    --busy) busy=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --force) force=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
load=$(cut -d' ' -f1 /proc/loadavg)
if [ "$force" = 0 ] && awk "BEGIN{exit !($load > 0.5)}"; then
    echo "load average $load > 0.5: the machine is busy; wait, or pass --force" >&2
    exit 3
fi
tmp=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT

start_busy() {
    for _ in $(seq "$busy"); do
        (while :; do :; done) &
        pids+=($!)
    done
    sleep 1
}
stop_busy() {
    for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    pids=()
}

# run POLICY THREADS -> seconds on stdout
run() {
    local policy=$1 t=$2 envs=(-u OMP_WAIT_POLICY -u GOMP_SPINCOUNT)
    [ "$policy" = spin ] && envs+=(GOMP_SPINCOUNT=300000)
    local s e
    s=$(date +%s.%N)
    env "${envs[@]}" "$cli" export --model zoo:patch --prune 6 --epochs "$epochs" --threads "$t" \
        --out "$tmp/b.h5" --quiet >/dev/null
    e=$(date +%s.%N)
    awk "BEGIN{printf \"%.2f\", $e - $s}"
}

json="{\"epochs\": $epochs, \"busy\": $busy, \"cores\": $(nproc), \"runs\": ["
first=1
for t in $threads; do
    for policy in spin passive; do
        for where in alone busy; do
            for r in $(seq "$repeat"); do
                [ "$where" = busy ] && start_busy
                secs=$(run "$policy" "$t")
                [ "$where" = busy ] && stop_busy
                echo "threads=$t policy=$policy $where: $secs s"
                [ $first = 1 ] || json+=", "
                first=0
                json+="{\"threads\": $t, \"policy\": \"$policy\", \"where\": \"$where\", \"seconds\": $secs}"
            done
        done
    done
done
echo "$json]}"
