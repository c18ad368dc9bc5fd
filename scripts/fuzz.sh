#!/usr/bin/env bash
# Fuzzes BackdoorLab's parsers with libFuzzer: installs clang when missing, builds the targets of
# fuzz/ (bdl_core instrumented, AddressSanitizer + UndefinedBehaviorSanitizer) into build-fuzz/,
# writes seed corpora, runs every target and prints what each did.
#
#   scripts/fuzz.sh [SECONDS]                each target for SECONDS (default 600), one at a time
#   scripts/fuzz.sh [SECONDS] --parallel 2   two targets at a time
#   scripts/fuzz.sh 60 idx image             only the named targets
#
# Targets: keras_config keras_h5 csaw_h5 idx image import torchscript session result (see
# fuzz/CMakeLists.txt).
# Layout under build-fuzz/: corpus/<target>/seeds (rewritten each run: generated seeds, real Keras
# files, the saved regression inputs), corpus/<target>/work (what the fuzzer found interesting;
# kept between runs), findings/<target>/ (crash-*, leak-*, oom-*, timeout-*, slow-unit-* inputs;
# kept), logs/<target>.log. Each finding goes to tests/core/io/fuzz_regressions/<target>/ under a
# name saying what it is, listed in awaiting_fix.txt there until the code is fixed.
# Environment: BDL_FUZZ_DIR (default build-fuzz), BDL_FUZZ_MODELS (real Keras files, two of which
# become keras_h5 seeds; default ../shared/data/youtube_face/models).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build="${BDL_FUZZ_DIR:-build-fuzz}"
models="${BDL_FUZZ_MODELS:-../shared/data/youtube_face/models}"
all_targets=(keras_config keras_h5 csaw_h5 idx image import torchscript session result)

seconds=600
parallel=1
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --parallel) parallel="${2:?--parallel needs a number}"; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    [0-9]*) seconds="$1" ;;
    *)
      if [[ " ${all_targets[*]} " != *" $1 "* ]]; then
        echo "fuzz.sh: unknown target or option '$1' (try --help)" >&2
        exit 2
      fi
      targets+=("$1")
      ;;
  esac
  shift
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

# Longest input per target: real model files are 2.4 MB; the other formats need a few KiB.
max_len() {
  case "$1" in
    keras_h5) echo 3145728 ;;
    idx) echo 16384 ;;
    *) echo 65536 ;;
  esac
}

# ---- clang and libFuzzer (plus the build's own dependencies) -----------------------------------
install_clang() {
  local packages=(clang-14 libclang-rt-14-dev) missing=() sudo=()
  for p in "${packages[@]}"; do
    [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] ||
      missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "fuzz.sh: not root and no sudo" >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "fuzz.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
}

scripts/install-deps.sh
install_clang

# ---- build -------------------------------------------------------------------------------------
# -O1 -g: the usual libFuzzer trade between speed and readable stacks.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_C_FLAGS_RELEASE=-O1 -DCMAKE_CXX_FLAGS_RELEASE=-O1 \
  -DBDL_FUZZ=ON -DBDL_BUILD_TESTS=OFF -DBDL_BUILD_GUI=OFF
cmake --build "$build" --parallel "$(nproc)" --target bdl_fuzz

# ---- seeds -------------------------------------------------------------------------------------
export OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE
export QT_QPA_PLATFORM=offscreen
# allocator_may_return_null: a malloc too large to serve returns NULL, as it does outside ASan,
# so that HDF5 refuses what a file declares instead of ASan aborting inside the library. Leaks are
# checked per input by libFuzzer (memory LibTorch or HDF5 keep until exit is not reported).
export ASAN_OPTIONS="${ASAN_OPTIONS:-allocator_may_return_null=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/fuzz/lsan.supp:print_suppressions=0}"

fresh="$build/seeds.new"
rm -rf "$fresh"
models_arg=()
[ -d "$models" ] && models_arg=("$models")
"$build/fuzz/bdl_fuzz_seeds" "$fresh" "${models_arg[@]}"
"$build/fuzz/bdl_fuzz_session_seeds" "$fresh"
"$build/fuzz/bdl_fuzz_result_seeds" "$fresh"
if [ -d "$models" ]; then
  # One weights-only and one whole-model file of the real set.
  for f in bd_weights.h5 Anti_RepairedNet_Sunglasses_Model.h5; do
    [ -f "$models/$f" ] && cp "$models/$f" "$fresh/keras_h5/real_$f"
  done
fi
for t in "${all_targets[@]}"; do
  mkdir -p "$fresh/$t" "$build/corpus/$t/work" "$build/findings/$t"
  # Fixed findings seed the search near them; those still awaiting a fix would stop the run.
  for f in tests/core/io/fuzz_regressions/"$t"/*; do
    [ -f "$f" ] || continue
    grep -q "^$t/$(basename "$f") " tests/core/io/fuzz_regressions/awaiting_fix.txt 2>/dev/null ||
      cp "$f" "$fresh/$t/"
  done
  rm -rf "$build/corpus/$t/seeds"
  mv "$fresh/$t" "$build/corpus/$t/seeds"
done
rm -rf "$fresh"

# ---- fuzzing -----------------------------------------------------------------------------------
# One process at a time per target. libFuzzer stops at the first crash, leak, OOM or time-out
# (saving the input under findings/): the target is then started again on its grown corpus until
# its time is spent. (Fork mode would do that itself, but restarts LibTorch for every short job:
# 50x fewer executions.) A run that fails before it has read its corpus is not retried.
run_target() {
  local t="$1" rc log="$build/logs/$1.log" once="$build/logs/$1.last" left
  local deadline=$((SECONDS + seconds))
  : >"$log"
  while left=$((deadline - SECONDS)); [ "$left" -ge 10 ]; do
    rc=0
    "$build/fuzz/fuzz_$t" -max_total_time="$left" -rss_limit_mb=4096 -timeout=20 \
      -max_len="$(max_len "$t")" -artifact_prefix="$build/findings/$t/" -print_final_stats=1 \
      "$build/corpus/$t/work" "$build/corpus/$t/seeds" >"$once" 2>&1 || rc=$?
    cat "$once" >>"$log"
    [ "$rc" -eq 0 ] && break
    if ! grep -q INITED "$once"; then
      echo "fuzz.sh: $t failed before fuzzing (exit $rc); see $log" >&2
      break
    fi
  done
  rm -f "$once"
}

mkdir -p "$build/logs"
stamp="$build/logs/.started"
touch "$stamp"
echo "fuzz.sh: ${#targets[@]} target(s), ${seconds} s each, ${parallel} at a time; logs in $build/logs"
running=0
for t in "${targets[@]}"; do
  if [ "$running" -ge "$parallel" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  echo "fuzz.sh: fuzzing $t"
  run_target "$t" &
  running=$((running + 1))
done
wait

# ---- report ------------------------------------------------------------------------------------
# Executions: the sum of libFuzzer's final stat lines (one per start); coverage: the highest
# "cov:" any status line reached.
count_new() { find "$build/findings/$1" -maxdepth 1 -name "$2-*" -newer "$stamp" | wc -l; }
echo
printf '%-13s %12s %7s %8s %6s %9s %6s\n' target execs cov crashes leaks timeouts ooms
status=0
for t in "${targets[@]}"; do
  log="$build/logs/$t.log"
  execs=$(awk '/^stat::number_of_executed_units:/ {n += $2} END {print n + 0}' "$log")
  cov=$(grep -oE ' cov: [0-9]+' "$log" | awk '$2 > m {m = $2} END {print m + 0}')
  crashes=$(count_new "$t" crash)
  leaks=$(count_new "$t" leak)
  timeouts=$(count_new "$t" timeout)
  ooms=$(count_new "$t" oom)
  printf '%-13s %12s %7s %8s %6s %9s %6s\n' "$t" "$execs" "$cov" "$crashes" "$leaks" \
    "$timeouts" "$ooms"
  [ "$execs" -gt 0 ] || { echo "  (nothing ran: see $log)"; status=1; }
  [ $((crashes + leaks + timeouts + ooms)) -eq 0 ] || status=1
done
echo "fuzz.sh: findings of this run (new files) are in $build/findings/<target>/"
exit "$status"
