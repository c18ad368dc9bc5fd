#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: install what is missing, build, run the analysis.
#   scripts/run.sh                 -> the default analysis: builds the demo zoo on first use
#                                     (Fashion-MNIST, ~3 min), then eval, pruning curve and STRIP
#                                     of its patch-trigger model
#   scripts/run.sh COMMAND ARGS... -> any backdoorlab-cli command, e.g. scripts/run.sh eval --help
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" -j"$(nproc)" --target backdoorlab-cli
cli="$root/build/app/cli/backdoorlab-cli"
if [ $# -gt 0 ]; then
  exec "$cli" "$@"
fi
exec "$cli" demo
