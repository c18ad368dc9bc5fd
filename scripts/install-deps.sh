#!/usr/bin/env bash
# Installs BackdoorLab's build and test dependencies on Debian 12 (bookworm) with apt-get.
# Idempotent: only missing packages are installed, and `apt-get update` runs only when something
# is missing. Uses sudo when not run as root.
#
#   scripts/install-deps.sh            build, test and GUI dependencies
#   scripts/install-deps.sh --python   also python3-h5py and python3-pil, used only by
#                                      tools/reference_bench.py (never by the product)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  # Qt's own translations (--lang), the desktop file and AppStream validators, and dpkg-shlibdeps
  # for the Debian package (scripts/package.sh).
  qt6-translations-l10n desktop-file-utils appstream dpkg-dev
  libtorch-dev libqcustomplot-dev libopencv-dev libhdf5-dev hdf5-tools zlib1g-dev
  nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
  dataset-fashion-mnist
  # The import helper's system call filter (app/import/syscall_filter.cpp).
  libseccomp-dev
  # LibTorch on Debian calls the generic libblas alternative; OpenBLAS makes Dense layers ~10x
  # faster once installed (it registers itself as the preferred alternative).
  libopenblas0-openmp
  # The GUI tests run under a virtual X server.
  xvfb xauth
  # scripts/format.sh --check (run by scripts/test.sh): the one C++ style of .clang-format.
  clang-format-14
  # The TorchScript import tests build their models with PyTorch (tests/tools/make_torch_models.py)
  # and compare against Python's outputs; the product never runs Python.
  python3-torch
  # The analysis report's tests read the PDF's text back (pdftotext).
  poppler-utils
  # tests/slurm/slurm_array_test.sh runs scripts/slurm's job array on a real one-node Slurm
  # (slurmctld, slurmd, sbatch) with its own munge daemon, all started in a temporary folder.
  slurm-wlm munge
)

for arg in "$@"; do
  case "$arg" in
    --python) packages+=(python3-h5py python3-pil) ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "install-deps.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "install-deps.sh: not root and sudo is not available" >&2
  exit 1
fi

is_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

missing=()
for p in "${packages[@]}"; do
  is_installed "$p" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps.sh: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
# Refuse early, naming the package, when a name is unknown to apt (renamed or a typo).
for p in "${missing[@]}"; do
  candidate=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
  if [ -z "$candidate" ] || [ "$candidate" = "(none)" ]; then
    echo "install-deps.sh: package '$p' is not available from the configured apt sources" >&2
    exit 1
  fi
done
"${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"

for p in "${missing[@]}"; do
  if ! is_installed "$p"; then
    echo "install-deps.sh: '$p' is still not installed" >&2
    exit 1
  fi
done
echo "install-deps.sh: done"
