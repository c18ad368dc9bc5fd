#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: install what is missing, build, open the app.
#   scripts/run.sh                 -> the desktop app on the demo zoo's patch-trigger BadNet (the
#                                     zoo is built on first use, its progress in the window). With
#                                     no display ($DISPLAY and $WAYLAND_DISPLAY unset) it runs the
#                                     headless demo instead: the analysis report (PDF + HTML) of the
#                                     same model, written to ./backdoorlab-demo-report.pdf (or
#                                     $BDL_REPORT), whose path it prints
#   scripts/run.sh COMMAND ARGS... -> any backdoorlab-cli command, e.g. scripts/run.sh report --help
# Every long step says roughly how long it takes the first time and how long it took.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Step headers and timings go to stderr, so that `scripts/run.sh COMMAND --json` stays one JSON
# object on stdout.
say() { printf '%s\n' "$*" >&2; }
took() {
  local s=$(($(date +%s) - $1))
  printf '    done in %dm%02ds\n' $((s / 60)) $((s % 60)) >&2
}

headless=0
if [ $# -eq 0 ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  headless=1
  say "No display (\$DISPLAY and \$WAYLAND_DISPLAY are unset): running the headless demo, which writes the analysis report."
fi

t=$(date +%s)
say "==> 1/3 System packages (apt-get; the first time about 1.5 GB, 5-15 minutes; then seconds)"
"$root/scripts/install-deps.sh" >&2
took "$t"

t=$(date +%s)
targets=(backdoorlab-cli)
[ $# -eq 0 ] && [ "$headless" -eq 0 ] && targets+=(backdoorlab)
if [ ! -f "$root/build/build.ninja" ]; then
  say "==> 2/3 Building ${targets[*]} in build/ (the first build: about 4 minutes on 2 cores, measured; later builds only what changed)"
else
  say "==> 2/3 Building ${targets[*]} in build/ (what changed since the last build)"
fi
cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$root/build" -j"$(nproc)" --target "${targets[@]}" >&2
took "$t"

cli="$root/build/app/cli/backdoorlab-cli"
if [ $# -gt 0 ]; then
  exec "$cli" "$@"
fi

zoo="${XDG_DATA_HOME:-$HOME/.local/share}/backdoorlab/zoo"
if [ -f "$zoo/manifest.json" ]; then
  zoo_note="the demo zoo is in $zoo"
else
  zoo_note="the demo zoo is built first, into $zoo: about 4 minutes on 2 cores, once"
fi
if [ "$headless" -eq 1 ]; then
  report="${BDL_REPORT:-$PWD/backdoorlab-demo-report.pdf}"
  say "==> 3/3 The analysis report of the patch-trigger BadNet ($zoo_note; then pruning curve, fine-tuning, STRIP and goodnets: about 2 minutes)"
  t=$(date +%s)
  "$cli" report --model zoo:patch --out "$report"
  took "$t"
  exit 0
fi
say "==> 3/3 Opening BackdoorLab on the demo zoo's patch-trigger BadNet ($zoo_note, with its progress in the window)"
exec "$root/build/app/desktop/backdoorlab" zoo:patch
