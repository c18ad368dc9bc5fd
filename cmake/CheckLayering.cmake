# Fails the configure step when a layer includes what it must not see.
#
# core/ is cut into layers, each a folder; a layer may include only the layers listed for it:
#
#   core/base      errors, feedback (progress + cancel), atomic files, runtime settings
#   core/nn        graph model, forward, architectures, datasets, metrics, training   -> base
#   core/io        HDF5, Keras, CSAW, images, IDX, TorchScript export, weight snapshots -> base nn
#   core/defenses  pruning, fine-pruning, sweep, STRIP, goodnets, histograms, protocols -> base nn
#   core/zoo       the demo zoo: triggers, training, manifest, store, workloads  -> base nn io defenses
#
# Besides: core/ includes no Qt and nothing of app/ or widgets/; widgets/ includes no torch,
# OpenCV or HDF5, and nothing of core/ or app/.
if(CMAKE_SCRIPT_MODE_FILE)
  cmake_minimum_required(VERSION 3.22) # script mode: the policies of the project (IN_LIST)
endif()
set(BDL_CORE_LAYERS base nn io defenses zoo)
set(BDL_CORE_ALLOWED_base base)
set(BDL_CORE_ALLOWED_nn base nn)
set(BDL_CORE_ALLOWED_io base nn io)
set(BDL_CORE_ALLOWED_defenses base nn defenses)
set(BDL_CORE_ALLOWED_zoo base nn io defenses zoo)

#
# bdl_check_layering([ROOT]): checks the tree at ROOT (default: the source tree). Also runs in
# script mode for the layering tests: cmake -DBDL_LAYERING_ROOT=DIR -P cmake/CheckLayering.cmake
function(bdl_check_layering)
  set(_root "${CMAKE_SOURCE_DIR}")
  if(ARGC GREATER 0)
    set(_root "${ARGV0}")
  endif()
  set(_include "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  file(GLOB_RECURSE _core_files "${_root}/core/*.h" "${_root}/core/*.cpp")
  foreach(_f IN LISTS _core_files)
    file(STRINGS "${_f}" _hits REGEX "${_include}(Q[A-Za-z]+|qcustomplot\\.h|Qt[A-Za-z]+/|app/|widgets/)")
    if(_hits)
      message(FATAL_ERROR "Layering: ${_f} includes ${_hits}; core/ must stay free of Qt, app/ and widgets/")
    endif()
    file(RELATIVE_PATH _rel "${_root}/core" "${_f}")
    if(NOT _rel MATCHES "/")
      if(NOT _rel STREQUAL "pch.h")
        message(FATAL_ERROR "Layering: ${_f} lies outside core's layer folders (${BDL_CORE_LAYERS})")
      endif()
      continue()
    endif()
    string(REGEX REPLACE "/.*" "" _layer "${_rel}")
    if(NOT _layer IN_LIST BDL_CORE_LAYERS)
      message(FATAL_ERROR "Layering: ${_f} is in core/${_layer}, which is not a layer (${BDL_CORE_LAYERS})")
    endif()
    file(STRINGS "${_f}" _core_includes REGEX "${_include}core/[a-z_]+/")
    foreach(_line IN LISTS _core_includes)
      string(REGEX REPLACE ".*core/([a-z_]+)/.*" "\\1" _target "${_line}")
      if(NOT _target IN_LIST BDL_CORE_ALLOWED_${_layer})
        message(FATAL_ERROR "Layering: ${_f} (core/${_layer}) includes core/${_target} (${_line}); "
                            "core/${_layer} may include only: ${BDL_CORE_ALLOWED_${_layer}}")
      endif()
    endforeach()
  endforeach()
  file(GLOB_RECURSE _widget_files "${_root}/widgets/*.h" "${_root}/widgets/*.cpp")
  foreach(_f IN LISTS _widget_files)
    file(STRINGS "${_f}" _hits REGEX "${_include}(torch/|ATen/|c10/|opencv2/|H5Cpp|hdf5|core/|app/)")
    if(_hits)
      message(FATAL_ERROR "Layering: ${_f} includes ${_hits}; widgets/ sees neither torch, OpenCV, "
                          "HDF5, core/ nor app/")
    endif()
  endforeach()
  # The untrusted-file boundary: app/ opens a user's file only through the sandboxed helper
  # (core/io/import_client.h). Calling a foreign-format parser in-process is allowed only in the
  # helper itself (app/import/) and in the benchmarks that measure the helper against it.
  file(GLOB_RECURSE _app_files "${_root}/app/*.h" "${_root}/app/*.cpp")
  set(_parsers "^[ \t]*([^/ \t][^/]*)?core::(load(KerasModel|TorchScriptModel|Dataset|CsawH5|ImageFolder|ImageFile|Idx|ImageForModel)(FromImage|FromMemory|FromBytes)?|decodeImageForModel)\\(")
  foreach(_f IN LISTS _app_files)
    file(RELATIVE_PATH _rel "${_root}/app" "${_f}")
    if(_rel MATCHES "^import/" OR _rel STREQUAL "cli/bench_import.cpp"
       OR _rel STREQUAL "cli/bench_zoo.cpp")
      continue()
    endif()
    file(STRINGS "${_f}" _hits REGEX "${_parsers}")
    if(_hits)
      message(FATAL_ERROR "Layering: ${_f} parses a user's file in-process (${_hits}); open it "
                          "through the sandboxed helper (core/io/import_client.h)")
    endif()
  endforeach()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE AND DEFINED BDL_LAYERING_ROOT)
  bdl_check_layering("${BDL_LAYERING_ROOT}")
  message(STATUS "Layering: ${BDL_LAYERING_ROOT} is layered correctly")
endif()
