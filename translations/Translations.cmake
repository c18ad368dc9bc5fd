# The translations of the desktop application (included from app/desktop/CMakeLists.txt).
#
# translations/backdoorlab_<lang>.ts hold the strings of app/desktop, app/gui and widgets.
# - `cmake --build BUILD --target update_translations` (or bdl_desktop_lupdate) refreshes the .ts
#   files from the sources with lupdate (new strings arrive unfinished; strings no longer in the
#   sources are dropped). Then translate them with Qt Linguist (`/usr/lib/qt6/bin/linguist`).
# - The build runs lrelease and embeds the .qm files as Qt resources, ":/i18n/backdoorlab_de.qm",
#   which installTranslators() (app/desktop/app_settings.h) loads.
# - The test desktop.translations_complete runs lupdate into temporary copies of the .ts files
#   and fails while any string is untranslated (unfinished, empty or missing in the .ts).
find_package(Qt6 REQUIRED COMPONENTS LinguistTools)

set(BDL_TS_FILES
  "${CMAKE_SOURCE_DIR}/translations/backdoorlab_de.ts"
  "${CMAKE_SOURCE_DIR}/translations/backdoorlab_zh_CN.ts")
# Line numbers would change the .ts files with every edit of a source: no locations.
set(BDL_LUPDATE_OPTIONS -no-obsolete -locations none)

function(bdl_add_translations target)
  file(GLOB_RECURSE _sources CONFIGURE_DEPENDS
    "${CMAKE_SOURCE_DIR}/app/desktop/*.cpp" "${CMAKE_SOURCE_DIR}/app/desktop/*.h"
    "${CMAKE_SOURCE_DIR}/app/gui/*.cpp" "${CMAKE_SOURCE_DIR}/app/gui/*.h"
    "${CMAKE_SOURCE_DIR}/widgets/*.cpp" "${CMAKE_SOURCE_DIR}/widgets/*.h")
  list(SORT _sources)
  qt_add_translations(${target}
    TS_FILES ${BDL_TS_FILES}
    SOURCES ${_sources}
    INCLUDE_DIRECTORIES "${CMAKE_SOURCE_DIR}"
    LUPDATE_OPTIONS ${BDL_LUPDATE_OPTIONS}
    RESOURCE_PREFIX "/i18n")

  # The same sources for the completeness test, as an lupdate list file.
  set(_lines "-I${CMAKE_SOURCE_DIR}" ${_sources})
  list(JOIN _lines "\n" _text)
  set(_lst "${CMAKE_CURRENT_BINARY_DIR}/translation_sources.lst")
  file(WRITE "${_lst}.in" "${_text}\n")
  configure_file("${_lst}.in" "${_lst}" COPYONLY) # rewritten only when the list changes

  set_property(GLOBAL PROPERTY BDL_TRANSLATION_SOURCES_LIST "${_lst}")
endfunction()

# The completeness test (called from tests/app/desktop/CMakeLists.txt, after enable_testing()).
function(bdl_add_translation_test)
  get_property(_lst GLOBAL PROPERTY BDL_TRANSLATION_SOURCES_LIST)
  # add_test splits arguments at ';': the lists travel joined with '|'.
  list(JOIN BDL_TS_FILES "|" _ts)
  list(JOIN BDL_LUPDATE_OPTIONS "|" _options)
  add_test(NAME desktop.translations_complete
    COMMAND "${CMAKE_COMMAND}"
      "-DLUPDATE=$<TARGET_FILE:Qt6::lupdate>"
      "-DSOURCES_LIST=${_lst}"
      "-DTS_FILES=${_ts}"
      "-DOPTIONS=${_options}"
      "-DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/translations_check"
      -P "${CMAKE_SOURCE_DIR}/translations/check_translations.cmake")
  set_tests_properties(desktop.translations_complete PROPERTIES TIMEOUT 300)
endfunction()
