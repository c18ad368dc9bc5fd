# CTest's <suite>.registry_matches_ctest (QtTestSuite.cmake): the classes `EXE --list` prints must
# be exactly those CMake found in the suite's sources: its CTest tests (TESTS), its benchmarks
# (BENCHMARKS, run by bench_qt) and its BY_NAME_ONLY classes. Lists come comma-separated.
#   cmake -DEXE=... -DTESTS=A,B -DBENCHMARKS=ABench -DBY_NAME_ONLY=C -P CheckQtTestRegistry.cmake
cmake_minimum_required(VERSION 3.22) # IN_LIST
execute_process(COMMAND "${EXE}" --list RESULT_VARIABLE rc OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} --list failed (${rc}):\n${err}")
endif()
string(REGEX MATCHALL "[^\r\n]+" listed "${out}")
string(REPLACE "," ";" expected "${TESTS},${BENCHMARKS},${BY_NAME_ONLY}")
list(REMOVE_ITEM expected "")

set(notFound "")
foreach(class IN LISTS listed)
  if(NOT class IN_LIST expected)
    list(APPEND notFound ${class})
  endif()
endforeach()
set(notRegistered "")
foreach(class IN LISTS expected)
  if(NOT class IN_LIST listed)
    list(APPEND notRegistered ${class})
  endif()
endforeach()
if(notFound OR notRegistered)
  message(FATAL_ERROR "QtTest registry and CTest differ for ${EXE}:\n"
    "  registered, but not found in the sources (no CTest test): ${notFound}\n"
    "  found in the sources, but not registered: ${notRegistered}\n"
    "Register a class with BDL_REGISTER_..._TEST(Class) at the start of a line of the suite's "
    "sources (tests/qt_support/QtTestSuite.cmake), and re-run cmake.")
endif()
list(LENGTH listed count)
message(STATUS "${count} registered classes = CTest tests (${TESTS}) + benchmarks "
  "(${BENCHMARKS}) + by name only (${BY_NAME_ONLY})")
