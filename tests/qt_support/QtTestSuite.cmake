# One CTest test per QtTest class of a suite executable, found in the suite's sources instead of
# listed by hand, so that a new class cannot be left out of CTest:
#
#   bdl_add_qt_test_suite(TARGET bdl_widgets_tests PREFIX widgets TIMEOUT 120
#     SOURCES ${sources} [BY_NAME_ONLY Class...])
#
# Every `BDL_REGISTER_..._TEST(Class)` at the start of a line of SOURCES registers Class with the
# runner (qt_test_registry.h). Each class becomes the test PREFIX.Class (`TARGET Class`) on the
# offscreen platform with TIMEOUT (set_tests_properties(PREFIX.Class ...) afterwards for more),
# except
#   - benchmarks (names ending in "Bench"): run by the bench_qt target, not by CTest;
#   - BY_NAME_ONLY classes: the suite's main() passes them to runRegisteredQtTests() as well.
# PREFIX.registry_matches_ctest fails when the classes `TARGET --list` prints differ from those
# found here (a registration this scan missed, or one it found that is not compiled in). Editing
# a source re-runs the scan.
include_guard(GLOBAL)

# "target|class" of every benchmark, in suite order, for bench_qt (bdl_add_qt_bench_target).
set_property(GLOBAL PROPERTY BDL_QT_BENCHMARKS "")

function(bdl_add_qt_test_suite)
  cmake_parse_arguments(PARSE_ARGV 0 S "" "TARGET;PREFIX;TIMEOUT" "SOURCES;BY_NAME_ONLY")
  if(NOT S_TARGET OR NOT S_PREFIX OR NOT S_TIMEOUT OR S_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "bdl_add_qt_test_suite: TARGET, PREFIX and TIMEOUT are required "
      "(unknown: ${S_UNPARSED_ARGUMENTS})")
  endif()
  set(_register "^[ \t]*BDL_REGISTER_[A-Z_]*TEST\\(([A-Za-z_][A-Za-z0-9_]*)\\)")
  set(_tests "")
  set(_benches "")
  foreach(_source IN LISTS S_SOURCES)
    file(STRINGS "${_source}" _lines REGEX "${_register}")
    foreach(_line IN LISTS _lines)
      string(REGEX REPLACE "${_register}.*" "\\1" _class "${_line}")
      if(_class IN_LIST _tests OR _class IN_LIST _benches)
        message(FATAL_ERROR "${_source}: ${_class} is registered twice in ${S_TARGET}")
      elseif(_class MATCHES "Bench$")
        list(APPEND _benches ${_class})
      elseif(NOT _class IN_LIST S_BY_NAME_ONLY)
        list(APPEND _tests ${_class})
      endif()
    endforeach()
  endforeach()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${S_SOURCES})
  if(NOT _tests)
    message(FATAL_ERROR "bdl_add_qt_test_suite: no registered class in the sources of ${S_TARGET}")
  endif()

  foreach(_class IN LISTS _tests)
    add_test(NAME ${S_PREFIX}.${_class} COMMAND ${S_TARGET} ${_class})
    set_tests_properties(${S_PREFIX}.${_class} PROPERTIES
      ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT ${S_TIMEOUT})
  endforeach()
  foreach(_class IN LISTS _benches)
    set_property(GLOBAL APPEND PROPERTY BDL_QT_BENCHMARKS "${S_TARGET}|${_class}")
  endforeach()

  # Lists travel comma-separated: a ';' would split the argument.
  string(REPLACE ";" "," _expected "${_tests}")
  string(REPLACE ";" "," _benchList "${_benches}")
  string(REPLACE ";" "," _byName "${S_BY_NAME_ONLY}")
  add_test(NAME ${S_PREFIX}.registry_matches_ctest
    COMMAND "${CMAKE_COMMAND}" "-DEXE=$<TARGET_FILE:${S_TARGET}>" "-DTESTS=${_expected}"
      "-DBENCHMARKS=${_benchList}" "-DBY_NAME_ONLY=${_byName}"
      -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/CheckQtTestRegistry.cmake")
  set_tests_properties(${S_PREFIX}.registry_matches_ctest PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen" TIMEOUT 60)
endfunction()

# bench_qt: runs every benchmark class of every suite, one after the other (never in parallel:
# they measure wall-clock time), on the offscreen platform, and prints QtTest's QBENCHMARK
# results. Not part of ALL; call once, after the suites.
function(bdl_add_qt_bench_target)
  get_property(_benchmarks GLOBAL PROPERTY BDL_QT_BENCHMARKS)
  set(_commands "")
  set(_targets "")
  foreach(_entry IN LISTS _benchmarks)
    string(REPLACE "|" ";" _pair "${_entry}")
    list(GET _pair 0 _target)
    list(GET _pair 1 _class)
    list(APPEND _commands COMMAND "${CMAKE_COMMAND}" -E env QT_QPA_PLATFORM=offscreen
      OMP_WAIT_POLICY=PASSIVE "$<TARGET_FILE:${_target}>" ${_class})
    list(APPEND _targets ${_target})
  endforeach()
  if(NOT _commands)
    return()
  endif()
  list(REMOVE_DUPLICATES _targets)
  add_custom_target(bench_qt ${_commands}
    COMMENT "QtTest benchmarks (QBENCHMARK, wall-clock time per iteration)" USES_TERMINAL VERBATIM)
  add_dependencies(bench_qt ${_targets})
endfunction()
