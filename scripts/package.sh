#!/usr/bin/env bash
# Builds BackdoorLab's Debian package: configures a Release build (GUI on, tests off) into
# build-package/, builds it and runs `cpack -G DEB`. The .deb lands in build-package/.
# Dependencies of the package come from dpkg-shlibdeps (CPACK_DEBIAN_PACKAGE_SHLIBDEPS).
#
#   scripts/package.sh            build-package/backdoorlab_<version>_<arch>.deb
# Environment: BDL_BUILD_DIR (default build-package).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build="${BDL_BUILD_DIR:-build-package}"

scripts/install-deps.sh
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBDL_BUILD_GUI=ON -DBDL_BUILD_TESTS=OFF
cmake --build "$build" --parallel "$(nproc)"
(cd "$build" && cpack -G DEB)
deb=$(ls -t "$build"/backdoorlab_*.deb | head -n 1)
echo "package.sh: built $deb"
dpkg-deb --info "$deb"
dpkg-deb --contents "$deb" | grep -E 'bin/backdoorlab|applications/|metainfo/|icons/'
