# Installs the build into a temporary DESTDIR and checks the layout a package gets:
#   cmake -DBUILD_DIR=... -DWORK_DIR=... [-DGUI=ON] -P CheckInstall.cmake
foreach(_v BUILD_DIR WORK_DIR)
  if(NOT DEFINED ${_v})
    message(FATAL_ERROR "CheckInstall.cmake: -D${_v}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(
  COMMAND "${CMAKE_COMMAND}" -E env "DESTDIR=${WORK_DIR}"
          "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix /usr
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${_rc}):\n${_out}${_err}")
endif()

set(_expected usr/bin/backdoorlab-cli)
if(GUI)
  set(_id io.github.backdoorlab.BackdoorLab)
  list(APPEND _expected usr/bin/backdoorlab
    usr/share/applications/${_id}.desktop
    usr/share/metainfo/${_id}.metainfo.xml
    usr/share/icons/hicolor/scalable/apps/${_id}.svg)
endif()
set(_missing "")
foreach(_f IN LISTS _expected)
  if(NOT EXISTS "${WORK_DIR}/${_f}")
    list(APPEND _missing "${_f}")
  endif()
endforeach()
if(_missing)
  file(GLOB_RECURSE _got RELATIVE "${WORK_DIR}" "${WORK_DIR}/*")
  message(FATAL_ERROR "not installed: ${_missing}\ninstalled: ${_got}")
endif()
foreach(_exe usr/bin/backdoorlab usr/bin/backdoorlab-cli)
  if(EXISTS "${WORK_DIR}/${_exe}")
    file(READ "${WORK_DIR}/${_exe}" _magic LIMIT 4 HEX)
    if(NOT _magic STREQUAL "7f454c46")
      message(FATAL_ERROR "${_exe} is not an executable (ELF) file")
    endif()
  endif()
endforeach()
message(STATUS "installed: ${_expected}")
file(REMOVE_RECURSE "${WORK_DIR}")
