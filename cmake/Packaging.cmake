# Installation layout and the Debian package (included from the top-level CMakeLists.txt).
#
#   cmake --install BUILD --prefix /usr          bin/, share/applications, share/metainfo, icon
#   scripts/package.sh                           cpack -G DEB: backdoorlab_<version>_<arch>.deb
#
# bin/backdoorlab and bin/backdoorlab-cli come from their own CMakeLists.txt; this file adds the
# desktop integration (only with the GUI) and the CPack settings.
include(GNUInstallDirs)

set(BDL_APP_ID "io.github.backdoorlab.BackdoorLab")
if(BDL_BUILD_GUI)
  install(FILES "${CMAKE_SOURCE_DIR}/resources/${BDL_APP_ID}.desktop"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
  install(FILES "${CMAKE_SOURCE_DIR}/resources/${BDL_APP_ID}.metainfo.xml"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
  install(FILES "${CMAKE_SOURCE_DIR}/resources/${BDL_APP_ID}.svg"
    DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
endif()

set(CPACK_PACKAGE_NAME "backdoorlab")
set(CPACK_PACKAGE_VENDOR "The BackdoorLab developers")
set(CPACK_PACKAGE_CONTACT "The BackdoorLab developers <backdoorlab@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Inspect and repair backdoored neural networks")
set(CPACK_PACKAGE_DESCRIPTION
  "BackdoorLab opens a Keras image classifier and its data sets and measures two defenses\n"
  "against backdoor attacks on it: fine-pruning and STRIP. It has a Qt desktop application\n"
  "(backdoorlab) with live plots and sessions, and a command-line tool (backdoorlab-cli).")
string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/backdoorlab/backdoorlab")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR "DEB")

set(CPACK_DEBIAN_PACKAGE_NAME "backdoorlab")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# The shared libraries' packages (libtorch, Qt 6, HDF5, OpenCV...) found by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Faster Dense layers through the BLAS alternative (see scripts/install-deps.sh).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-openmp, qt6-translations-l10n, dataset-fashion-mnist")
include(CPack)
