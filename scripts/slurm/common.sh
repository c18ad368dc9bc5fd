# shellcheck shell=bash
# Shared by submit.sh, shard.sbatch and merge.sbatch (which find it through BDL_SLURM_DIR, the
# folder of these scripts): reads settings.sh and checks it. Not run by itself.

# bdl_load_settings: sources $BDL_SLURM_SETTINGS (default: settings.sh next to this file); values
# already in the environment win over the file's defaults.
bdl_load_settings() {
  local settings="${BDL_SLURM_SETTINGS:-${BDL_SLURM_DIR}/settings.sh}"
  if [ ! -f "$settings" ]; then
    echo "bdl-slurm: settings file '$settings' not found (BDL_SLURM_SETTINGS)" >&2
    return 1
  fi
  # shellcheck source-path=SCRIPTDIR source=settings.sh
  . "$settings"
  BDL_SLURM_SETTINGS="$(cd "$(dirname "$settings")" && pwd)/$(basename "$settings")"
  export BDL_SLURM_SETTINGS
  case "$BDL_SHARDS" in
    '' | *[!0-9]* | 0*)
      echo "bdl-slurm: BDL_SHARDS must be a positive integer, not '$BDL_SHARDS'" >&2
      return 1
      ;;
  esac
  case "$BDL_CPUS" in
    '' | *[!0-9]* | 0*)
      echo "bdl-slurm: BDL_CPUS must be a positive integer, not '$BDL_CPUS'" >&2
      return 1
      ;;
  esac
  case "$BDL_KIND" in
    sweep | audit | strip | fine-prune) ;;
    *)
      echo "bdl-slurm: BDL_KIND must be sweep, audit, strip or fine-prune, not '$BDL_KIND'" >&2
      return 1
      ;;
  esac
}

# bdl_check_cli: the executable must exist here (a compute node or the submit host).
bdl_check_cli() {
  if [ ! -x "$BDL_CLI" ]; then
    echo "bdl-slurm: BDL_CLI '$BDL_CLI' is not an executable file on $(hostname)" >&2
    return 1
  fi
}

# bdl_check_chain ARGS...: fine-prune's options must let its shards run as a chain: the paper
# protocol (Liu et al.'s fine-tunes once and does not shard). More links than steps is allowed:
# the first links then own no step and hand B on.
bdl_check_chain() {
  local args=("$@") i option value
  for ((i = 0; i < ${#args[@]}; ++i)); do
    option=${args[i]%%=*}
    if [ "$option" = "${args[i]}" ]; then
      value=${args[i + 1]:-}
    else
      value=${args[i]#*=}
    fi
    if [ "$option" = --protocol ] && [ "$value" = liu ]; then
      echo "bdl-slurm: fine-prune --protocol liu does not shard (Liu et al.'s protocol fine-tunes" \
        "once): run it as one job, or use the paper protocol (BDL_ARGS)" >&2
      return 1
    fi
  done
}

# bdl_command: sets the array BDL_COMMAND to the analysis command without --shard/--out:
#   BDL_CLI KIND --model M... [--zoo Z] DATA... ARGS... --threads CPUS
bdl_command() {
  local models=() data=() args=() m
  read -r -a models <<< "$BDL_MODELS"
  read -r -a data <<< "$BDL_DATA"
  read -r -a args <<< "$BDL_ARGS"
  if [ ${#models[@]} -eq 0 ]; then
    echo "bdl-slurm: BDL_MODELS is empty" >&2
    return 1
  fi
  if [ "$BDL_KIND" != audit ] && [ ${#models[@]} -ne 1 ]; then
    echo "bdl-slurm: $BDL_KIND takes one model, BDL_MODELS has ${#models[@]}" >&2
    return 1
  fi
  if [ "$BDL_KIND" = fine-prune ]; then
    bdl_check_chain "${args[@]}" || return 1
  fi
  BDL_COMMAND=("$BDL_CLI" "$BDL_KIND")
  for m in "${models[@]}"; do
    BDL_COMMAND+=(--model "$m")
  done
  if [ -n "$BDL_ZOO" ]; then
    BDL_COMMAND+=(--zoo "$BDL_ZOO")
  fi
  BDL_COMMAND+=("${data[@]}" "${args[@]}" --threads "$BDL_CPUS")
}

# bdl_part I: the partial result file of shard I.
bdl_part() {
  printf '%s/part-%s.json\n' "$BDL_OUT" "$1"
}

# bdl_shard_options I: appends to BDL_COMMAND the options of shard I: --shard I/BDL_SHARDS and
# --out OUT/part-I.json; for fine-prune, a chain whose shards build on each other, --part instead
# (its --out is the repaired model B') and, from the second on, --resume OUT/part-(I-1).json.
bdl_shard_options() {
  local index=$1
  BDL_COMMAND+=(--shard "$index/$BDL_SHARDS")
  if [ "$BDL_KIND" != fine-prune ]; then
    BDL_COMMAND+=(--out "$(bdl_part "$index")")
    return 0
  fi
  BDL_COMMAND+=(--part "$(bdl_part "$index")")
  if [ "$index" -gt 1 ]; then
    BDL_COMMAND+=(--resume "$(bdl_part $((index - 1)))")
  fi
}
