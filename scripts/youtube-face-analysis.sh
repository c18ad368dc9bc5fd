#!/usr/bin/env bash
# The paper's analysis: eval, the pruning-only curve and STRIP on the sunglasses BadNet of the
# shared YouTube-Face data. Usage: scripts/youtube-face-analysis.sh PATH/TO/backdoorlab-cli
set -euo pipefail
cli="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
yt="${BDL_YOUTUBE_FACE:-$root/../shared/data/youtube_face}"
if [ ! -d "$yt/models" ]; then
  echo "No YouTube-Face data at $yt (set BDL_YOUTUBE_FACE); showing the CLI's help instead." >&2
  exec "$cli" --help
fi
model="$yt/models/sunglasses_bd_weights.h5"
clean="$yt/images/clean_test"
poisoned="$yt/images/sunglasses_poisoned_data"
echo "== eval: $model"
"$cli" eval --model "$model" --clean "$clean" --poisoned "$poisoned"
echo
echo "== prune (pruning only, channels of pool_3 ranked on clean data)"
"$cli" prune --model "$model" --clean "$clean" --poisoned "$poisoned" --every 6
echo
# The 100 clean test images are split into overlays, calibration and scored inputs (there is no
# separate clean train set here): N = 40 leaves 30 to calibrate and 30 to score.
echo "== strip (N = 40 superimpositions, threshold from clean images that are not scored)"
"$cli" strip --model "$model" --clean "$clean" --poisoned "$poisoned" --n 40
