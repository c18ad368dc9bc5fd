#!/usr/bin/env bash
# BackdoorLab's one test command: installs missing dependencies, checks the C++ formatting,
# configures a Release build with Ninja into build/ (warnings as errors), builds every target and
# runs the whole test suite with ctest.
#
#   scripts/test.sh              everything
#   scripts/test.sh -R DataIo    extra arguments go to ctest (here: only tests matching DataIo)
#   scripts/test.sh --sanitize   an AddressSanitizer + UndefinedBehaviorSanitizer build (no GUI)
#                                into build-asan/ running the core, CLI, import-helper and
#                                hostile-file tests (the zoo trainings, compute suites and kill -9
#                                tests are left to the normal build)
# CI (.ci/run) runs the first, then the second.
# Environment: BDL_BUILD_DIR (default build), BDL_CMAKE_ARGS (extra configure options, split on
# spaces, e.g. "-DBDL_BUILD_GUI=OFF").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build="${BDL_BUILD_DIR:-build}"
read -r -a extra_cmake_args <<< "${BDL_CMAKE_ARGS:-}"

scripts/install-deps.sh

# ctest starts the longest tests first when it knows their times, which a fresh build folder does
# not: without them a 5-minute test can start last and run alone. Seed the times measured here
# (tests/ctest_costs/; refresh by copying Testing/Temporary/CTestCostData.txt of a full run).
seed_test_costs() {
  local costs="$1/Testing/Temporary/CTestCostData.txt"
  [ -f "$costs" ] && return 0
  mkdir -p "$(dirname "$costs")"
  cp "$2" "$costs"
}

if [ "${1:-}" = "--sanitize" ]; then
  shift
  build="${BDL_BUILD_DIR:-build-asan}"
  # -O1 keeps the build short and the stacks readable; GUI suites are the normal run's.
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O1 \
    -DCMAKE_C_FLAGS_RELEASE=-O1 -DBDL_SANITIZE=ON -DBDL_BUILD_GUI=OFF -DBDL_WERROR=ON \
    "${extra_cmake_args[@]}"
  cmake --build "$build" --parallel "$(nproc)" --target backdoorlab-import backdoorlab-cli \
    bdl_core_tests bdl_cli_tests bdl_hostile_tests
  export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
  # LibTorch's and HDF5's own allocations at exit are not ours to fix: leaks are not checked.
  # allocator_may_return_null: a malloc too large to serve returns NULL, as it does outside ASan
  # (HDF5 asks for 1 TiB on one of the saved fuzz inputs and then refuses the file cleanly).
  # quarantine_size_mb=32 (default 256): freed memory stays poisoned for the last 32 MiB of frees,
  # far more than a parser of one file frees between a free and a late use; each ASan process
  # starts ~10 % faster (LibTorch's start-up allocates and frees ~1 GiB).
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0:halt_on_error=1:allocator_may_return_null=1:quarantine_size_mb=32}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
  # Each test binary runs as two shards (tests/CMakeLists.txt: bdl_add_gtest_tests); the zoo
  # trainings and the compute suites run in the normal build only, the parsers, the helper, the
  # CLI and every hostile file run here in full (the corpus through the helper's readers in
  # forked children, Categories/HostileReaders.*; through the CLI in the normal run).
  seed_test_costs "$build" tests/ctest_costs/sanitize.txt
  status=0
  ctest --test-dir "$build" --output-on-failure -j2 -L sanitize "$@" 2>&1 |
    tee "$build/ctest.log" || status=$?
  echo
  echo "== ctest summary (sanitizers) =="
  grep -E 'tests passed|tests failed|Total Test time|No tests were found' "$build/ctest.log" || true
  sed -n '/The following tests FAILED:/,$p' "$build/ctest.log"
  exit "$status"
fi

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
seed_test_costs "$build" tests/ctest_costs/normal.txt
status=0
ctest --test-dir "$build" --output-on-failure -j2 "$@" 2>&1 | tee "$build/ctest.log" || status=$?

echo
echo "== ctest summary =="
grep -E 'tests passed|tests failed|Total Test time|No tests were found' "$build/ctest.log" || true
sed -n '/The following tests FAILED:/,$p' "$build/ctest.log"

exit "$status"
