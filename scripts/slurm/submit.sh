#!/usr/bin/env bash
# Submits a BackdoorLab analysis to Slurm as a job array, with everything from settings.sh (the one
# file to edit; environment variables of the same names override it):
#
#   scripts/slurm/submit.sh              submit; prints the job ids
#   scripts/slurm/submit.sh --dry-run    print the sbatch commands and the job's command only
#
# 1. an array of BDL_SHARDS tasks (shard.sbatch), task I running
#      backdoorlab-cli KIND ... --threads CPUS --shard I/SHARDS --out OUT/part-I.json
#    or, for fine-prune (paper protocol; its steps build on each other), a chain of BDL_SHARDS
#    jobs (shard.sbatch with BDL_SHARD_INDEX=I), job I > 1 starting once job I-1 has succeeded
#    (afterok; a failed link cancels the rest) and running
#      backdoorlab-cli fine-prune ... --shard I/SHARDS --part OUT/part-I.json
#        [--resume OUT/part-(I-1).json]
#    (BDL_TIME then limits each link; the last writes B' where BDL_ARGS has --out/--torchscript)
# 2. a merge job (merge.sbatch) that starts once every task has succeeded (afterok) and runs
#      backdoorlab-cli merge OUT/part-*.json --out OUT/result.json
# OUT/result.json is then exactly what the command prints on one machine with --json.
# Logs: OUT/logs/shard-ARRAYID_I.out (chain: shard-I-JOBID.out) and OUT/logs/merge-JOBID.out. A
# failed task leaves the merge cancelled; rerun the task (a chain: links I..N) by hand
# (shard.sbatch's header), then the merge (merge.sbatch's).
# The last line, machine-readable: BDL_JOBS=ARRAYID,MERGEID (chain: BDL_JOBS=ID1,...,IDN,MERGEID).
set -euo pipefail

BDL_SLURM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export BDL_SLURM_DIR
# shellcheck source-path=SCRIPTDIR source=common.sh
. "$BDL_SLURM_DIR/common.sh"

dry_run=0
for arg in "$@"; do
  case "$arg" in
    --dry-run | -n) dry_run=1 ;;
    -h | --help) sed -n '/^set -euo pipefail/q; 2,$p' "$0"; exit 0 ;;
    *) echo "submit.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

# The chain's link number reaches shard.sbatch only through the sbatch commands below.
unset BDL_SHARD_INDEX
bdl_load_settings
# Absolute paths, fixed now: the jobs start later, elsewhere, from a copy of their script.
BDL_CLI="$(realpath -ms -- "$BDL_CLI")"
BDL_OUT="$(realpath -ms -- "$BDL_OUT")"
if [ -n "$BDL_ZOO" ]; then
  BDL_ZOO="$(realpath -ms -- "$BDL_ZOO")"
fi
export BDL_CLI BDL_KIND BDL_MODELS BDL_ZOO BDL_DATA BDL_ARGS BDL_SHARDS BDL_PARTITION BDL_TIME \
  BDL_MERGE_TIME BDL_CPUS BDL_SBATCH_ARGS BDL_OUT
bdl_check_cli
bdl_command

if [ "$dry_run" -eq 0 ] && ! command -v sbatch >/dev/null 2>&1; then
  echo "submit.sh: sbatch not found: run this on a Slurm submit host" >&2
  exit 1
fi
# A previous run's parts or result in the folder would be ambiguous: refuse.
shopt -s nullglob
old=("$BDL_OUT"/part-*.json "$BDL_OUT"/part-*.json.state "$BDL_OUT"/result.jso[n])
shopt -u nullglob
if [ ${#old[@]} -gt 0 ] && [ "$dry_run" -eq 0 ]; then
  echo "submit.sh: $BDL_OUT already holds results (${old[0]}...): choose another BDL_OUT or remove them" >&2
  exit 1
fi

read -r -a extra <<< "$BDL_SBATCH_ARGS"
common=(--parsable "${extra[@]}")
if [ -n "$BDL_PARTITION" ]; then
  common+=(--partition="$BDL_PARTITION")
fi
shard_opts=(--cpus-per-task="$BDL_CPUS" --time="$BDL_TIME")
merge_cmd=(sbatch --export=ALL "${common[@]}" --job-name="bdl-$BDL_KIND-merge" --cpus-per-task=1
  --time="$BDL_MERGE_TIME" --output="$BDL_OUT/logs/merge-%j.out" --kill-on-invalid-dep=yes
  --dependency="afterok:SHARDS" "$BDL_SLURM_DIR/merge.sbatch")

# link_cmd I AFTER: sets the array link to the sbatch command of link I of the fine-prune chain,
# after job AFTER (none for the first).
link_cmd() {
  link=(sbatch --export="ALL,BDL_SHARD_INDEX=$1" "${common[@]}" --job-name="bdl-$BDL_KIND-$1"
    "${shard_opts[@]}" --output="$BDL_OUT/logs/shard-$1-%j.out")
  if [ "$1" -gt 1 ]; then
    link+=(--dependency="afterok:$2" --kill-on-invalid-dep=yes)
  fi
  link+=("$BDL_SLURM_DIR/shard.sbatch")
}

echo "settings: $BDL_SLURM_SETTINGS"
if [ "$BDL_KIND" = fine-prune ]; then
  echo "chain of $BDL_SHARDS jobs, shard I after shard I-1 succeeded:"
  echo "shard 1:  ${BDL_COMMAND[*]} --shard 1/$BDL_SHARDS --part $(bdl_part 1)"
  if [ "$BDL_SHARDS" -gt 1 ]; then
    echo "shard I:  ${BDL_COMMAND[*]} --shard I/$BDL_SHARDS --part $(bdl_part I)" \
      "--resume $(bdl_part '(I-1)')"
  fi
else
  array_cmd=(sbatch --export=ALL "${common[@]}" --job-name="bdl-$BDL_KIND" --array="1-$BDL_SHARDS"
    "${shard_opts[@]}" --output="$BDL_OUT/logs/shard-%A_%a.out" "$BDL_SLURM_DIR/shard.sbatch")
  echo "shard I of $BDL_SHARDS: ${BDL_COMMAND[*]} --shard I/$BDL_SHARDS --out $(bdl_part I)"
fi
echo "merge:    $BDL_CLI merge $BDL_OUT/part-*.json --out $BDL_OUT/result.json"
if [ "$dry_run" -eq 1 ]; then
  if [ "$BDL_KIND" = fine-prune ]; then
    for ((i = 1; i <= BDL_SHARDS; ++i)); do
      link_cmd "$i" "\$JOB$((i - 1))"
      echo "would run: JOB$i=\$(${link[*]})"
    done
    merge_cmd=("${merge_cmd[@]/afterok:SHARDS/afterok:\$JOB$BDL_SHARDS}")
  else
    echo "would run: JOB=\$(${array_cmd[*]})"
    merge_cmd=("${merge_cmd[@]/afterok:SHARDS/afterok:\$JOB}")
  fi
  echo "would run: ${merge_cmd[*]}"
  exit 0
fi

mkdir -p "$BDL_OUT/logs"
ids=()
last=""
# cancel_submitted WHAT: a refused sbatch leaves nothing of this run queued.
cancel_submitted() {
  echo "submit.sh: $1 was refused${ids[0]:+; cancelling jobs ${ids[*]}}" >&2
  if [ ${#ids[@]} -gt 0 ]; then
    scancel "${ids[@]}" || true
  fi
  exit 1
}
if [ "$BDL_KIND" = fine-prune ]; then
  for ((i = 1; i <= BDL_SHARDS; ++i)); do
    link_cmd "$i" "$last"
    last=$("${link[@]}") || cancel_submitted "shard $i of the chain"
    last=${last%%;*}
    ids+=("$last")
  done
else
  last=$("${array_cmd[@]}") || cancel_submitted "the array job"
  last=${last%%;*}
  ids+=("$last")
fi
merge_cmd=("${merge_cmd[@]/afterok:SHARDS/afterok:$last}")
merge_id=$("${merge_cmd[@]}") || cancel_submitted "the merge job"
merge_id=${merge_id%%;*}
if [ "$BDL_KIND" = fine-prune ]; then
  echo "chain jobs ${ids[*]} (shards 1-$BDL_SHARDS, each after the previous succeeded)," \
    "logs $BDL_OUT/logs/shard-I-JOBID.out"
  echo "merge job $merge_id (after the last shard succeeds), result $BDL_OUT/result.json"
else
  echo "array job ${ids[0]} ($BDL_SHARDS tasks), logs $BDL_OUT/logs/shard-${ids[0]}_I.out"
  echo "merge job $merge_id (after the array succeeds), result $BDL_OUT/result.json"
fi
echo "BDL_JOBS=$(IFS=,; echo "${ids[*]}"),$merge_id"
