#!/usr/bin/env bash
# BackdoorLab's one test command: installs missing dependencies, checks the C++ formatting,
# configures a Release build with Ninja into build/ (warnings as errors), builds every target and
# runs the whole test suite with ctest.
#
#   scripts/test.sh              everything
#   scripts/test.sh -R DataIo    extra arguments go to ctest (here: only tests matching DataIo)
# Environment: BDL_BUILD_DIR (default build), BDL_CMAKE_ARGS (extra configure options, split on
# spaces, e.g. "-DBDL_BUILD_GUI=OFF").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build="${BDL_BUILD_DIR:-build}"
read -r -a extra_cmake_args <<< "${BDL_CMAKE_ARGS:-}"

scripts/install-deps.sh

# One C++ style: an unformatted file fails the run before the long build.
scripts/format.sh --check

# Warnings are errors here (BDL_WERROR): a fresh build must print none.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBDL_WERROR=ON "${extra_cmake_args[@]}"
cmake --build "$build" --parallel "$(nproc)"

# Qt tests need no display with the offscreen platform (overridable, e.g. by xvfb-run).
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
# ctest -j2 runs two LibTorch processes with 2 OpenMP threads each on 2 cores; OpenMP's default
# spin-waiting then makes them slow each other down ~10x (measured: one training epoch 340 s
# instead of 9 s beside another job; 31 s with passive waiting). Idle threads must sleep.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
status=0
ctest --test-dir "$build" --output-on-failure -j2 "$@" 2>&1 | tee "$build/ctest.log" || status=$?

echo
echo "== ctest summary =="
grep -E 'tests passed|tests failed|Total Test time|No tests were found' "$build/ctest.log" || true
sed -n '/The following tests FAILED:/,$p' "$build/ctest.log"

exit "$status"
