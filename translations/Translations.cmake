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
# - English is the source language, but a count needs its plural: tr("%n file(s)", "", n) is
#   "1 file" / "2 files" only through translations/backdoorlab_en.ts, which holds the plural
#   (numerus) strings alone (lupdate -pluralonly), refreshed by update_translations as well,
#   embedded as ":/i18n/backdoorlab_en.qm" and installed for English; its completeness is the
#   test desktop.translations_complete_en.
find_package(Qt6 REQUIRED COMPONENTS LinguistTools)

set(BDL_TS_FILES
  "${CMAKE_SOURCE_DIR}/translations/backdoorlab_de.ts"
  "${CMAKE_SOURCE_DIR}/translations/backdoorlab_zh_CN.ts")
# English: only the plural forms of strings with %n.
set(BDL_TS_FILE_EN "${CMAKE_SOURCE_DIR}/translations/backdoorlab_en.ts")
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

  # English plurals (see the file comment): lrelease into the build, embedded beside the others.
  set(_qm_en "${CMAKE_CURRENT_BINARY_DIR}/i18n_en/backdoorlab_en.qm")
  add_custom_command(OUTPUT "${_qm_en}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${CMAKE_CURRENT_BINARY_DIR}/i18n_en"
    COMMAND Qt6::lrelease -silent "${BDL_TS_FILE_EN}" -qm "${_qm_en}"
    DEPENDS "${BDL_TS_FILE_EN}" Qt6::lrelease
    VERBATIM)
  add_custom_target(${target}_lrelease_en DEPENDS "${_qm_en}")
  add_dependencies(${target} ${target}_lrelease_en)
  set_source_files_properties("${_qm_en}" PROPERTIES GENERATED TRUE)
  qt_add_resources(${target} "bdl_i18n_en" PREFIX "/i18n"
    BASE "${CMAKE_CURRENT_BINARY_DIR}/i18n_en" FILES "${_qm_en}")
  add_custom_target(update_translations_en
    COMMAND Qt6::lupdate -pluralonly ${BDL_LUPDATE_OPTIONS} "@${_lst}" -ts "${BDL_TS_FILE_EN}"
    VERBATIM)
  if(TARGET update_translations)
    add_dependencies(update_translations update_translations_en)
  endif()
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
  list(JOIN BDL_LUPDATE_OPTIONS "|" _options)
  add_test(NAME desktop.translations_complete_en
    COMMAND "${CMAKE_COMMAND}"
      "-DLUPDATE=$<TARGET_FILE:Qt6::lupdate>"
      "-DSOURCES_LIST=${_lst}"
      "-DTS_FILES=${BDL_TS_FILE_EN}"
      "-DOPTIONS=-pluralonly|${_options}"
      "-DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/translations_check_en"
      -P "${CMAKE_SOURCE_DIR}/translations/check_translations.cmake")
  set_tests_properties(desktop.translations_complete_en PROPERTIES TIMEOUT 300)
endfunction()
