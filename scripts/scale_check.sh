#!/bin/bash
# Every analysis job on CSAW-HackML-size data (12 830 clean + 12 830 poisoned test images, 11 547
# validation), with its wall time and peak resident memory: the scale check of the README's
# "Performance" section. Writes the data files on first use (backdoorlab-cli bench
# --make-full-size, from the shared images with noise), then runs eval, the pruning curve,
# fine-pruning (one channel, one epoch: the unit the paper's protocol repeats), STRIP (N = 100, both
# blends) and goodnet under /usr/bin/time, and prints one line per job.
#
#   scripts/scale_check.sh [BUILD_DIR] [DATA_DIR]      (defaults: build, /tmp/bdl-full-size)
#   BDL_THREADS=2 BDL_PRECISION=bf16 scripts/scale_check.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
data="${2:-/tmp/bdl-full-size}"
cli="$build/app/cli/backdoorlab-cli"
model="${BDL_MODEL:-$here/../shared/data/youtube_face/models/sunglasses_bd_weights.h5}"
threads="${BDL_THREADS:-$(nproc)}"
precision="${BDL_PRECISION:-fp32}"
[ -x "$cli" ] || { echo "scale_check: $cli is missing: build it first" >&2; exit 1; }
[ -f "$model" ] || { echo "scale_check: $model is missing (../shared absent?)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "scale_check: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
if [ ! -f "$data/clean_validation.h5" ]; then
    "$cli" bench --make-full-size "$data"
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
common=(--model "$model" --scale 1/255 --clean "$data/clean_test.h5"
        --poisoned "$data/sunglasses_poisoned_test.h5:0" --train "$data/clean_validation.h5"
        --threads "$threads" --precision "$precision" --quiet --json)
printf '%-34s %10s %12s\n' job "wall s" "peak RSS MiB"
run() {
    local name="$1"
    shift
    /usr/bin/time -f '%e %M' -o "$out/time" "$cli" "$@" > "$out/$name.json" 2> "$out/$name.err" || {
        echo "scale_check: $name failed:" >&2
        cat "$out/$name.err" >&2
        exit 1
    }
    read -r wall kb < <(tail -1 "$out/time")
    printf '%-34s %10s %12d\n' "$name" "$wall" $((kb / 1024))
}
run eval eval "${common[@]}"
run "prune (61-point curve)" prune "${common[@]}"
run "fine-prune (1 channel, 1 epoch)" fine-prune "${common[@]}" --steps 1 --epochs 1 \
    --out "$out/bprime.h5"
run "strip (alpha, N=100)" strip "${common[@]}"
run "strip (additive, N=100)" strip "${common[@]}" --blend additive
run goodnet goodnet "${common[@]}" --repaired "$out/bprime.h5" --repaired-scale 1/255
echo "($threads threads, $precision; data in $data)"
