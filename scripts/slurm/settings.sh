# shellcheck shell=bash
# BackdoorLab on a Slurm cluster: the ONE place to edit. scripts/slurm/submit.sh reads it, runs
# the job as an array of SHARDS tasks (`backdoorlab-cli KIND ... --shard I/SHARDS --out
# OUT/part-I.json`) and a merge job that starts when every task has succeeded and writes
# OUT/result.json, exactly the JSON the unsharded command prints with --json. fine-prune (the
# paper protocol), whose steps build on each other, runs instead as a chain of SHARDS dependent
# jobs, each starting when the previous one has succeeded and resuming from its part
# (`--shard I/SHARDS --part OUT/part-I.json --resume OUT/part-(I-1).json`): a protocol longer than
# the partition's time limit then runs in links that each fit.
#
#   edit this file, then:  scripts/slurm/submit.sh
#
# Every value below is a default (keep the `: "${NAME:=value}"` form): a variable already set in
# the environment wins, e.g.
#   BDL_SHARDS=16 BDL_OUT=$HOME/runs/sweep2 scripts/slurm/submit.sh
# and BDL_SLURM_SETTINGS=my-run.sh scripts/slurm/submit.sh reads a copy of this file instead.
# Lists of options are split on white space (no spaces inside paths). The jobs get the values
# submit.sh resolved (absolute paths) in their environment, so editing this file later does not
# change a submitted run.

# The backdoorlab-cli executable, on a path every compute node sees (default: this checkout's
# build; BDL_SLURM_DIR is scripts/slurm).
: "${BDL_CLI:=${BDL_SLURM_DIR:-.}/../../build/app/cli/backdoorlab-cli}"

# What runs: sweep, audit, strip (arrays) or fine-prune (a chain; the paper protocol only).
: "${BDL_KIND:=sweep}"

# The model(s), one --model each: a file or zoo:ID (zoo:all = every demo zoo model, for audit).
# sweep, strip and fine-prune take exactly one; audit one or more.
: "${BDL_MODELS:=zoo:patch}"

# The demo zoo folder for zoo:ID models (empty: the CLI's default, ~/.local/share/backdoorlab/zoo).
: "${BDL_ZOO:=}"

# Data options (empty for zoo models: they use their zoo's data), e.g.
#   "--clean DATA/clean_test.h5 --poisoned DATA/bd_test.h5 --train DATA/clean_validation.h5"
: "${BDL_DATA:=}"

# The command's own options, e.g. for sweep "--lrs 1e-2,1e-3,1e-4 --ks 1,2,4 --epochs 2", for
# audit "--n 100 --sample 1000", for fine-prune "--steps 60 --epochs 10 --out B_prime.h5" (its
# --out is the repaired model, written by the last link; a relative path is from the folder
# submit.sh runs in). --threads and --shard are added by the
# jobs, and --out (fine-prune: --part and --resume).
: "${BDL_ARGS:=}"

# Number of array tasks (shards). The work is split in contiguous balanced blocks: sweep rows
# (learning rates; cells with --protocol liu), STRIP inputs, audited models; for fine-prune, the
# number of jobs in the chain, each running a block of the pruning steps.
: "${BDL_SHARDS:=4}"

# Slurm resources: partition (empty: the cluster's default), time limit per task (for fine-prune:
# per job of the chain, so a link must fit its block of steps) and for the merge, CPUs per task
# (also given to the CLI as --threads), and any other sbatch options (e.g. "--account=lab
# --mem=8G --qos=normal").
: "${BDL_PARTITION:=}"
: "${BDL_TIME:=02:00:00}"
: "${BDL_MERGE_TIME:=00:10:00}"
: "${BDL_CPUS:=4}"
: "${BDL_SBATCH_ARGS:=}"

# Output folder, on a shared file system: part-I.json, result.json and logs/ (one log per task).
: "${BDL_OUT:=${PWD}/bdl-slurm-out}"
