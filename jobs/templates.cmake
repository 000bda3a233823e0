# SPDX-License-Identifier: BSD-3-Clause
# Embeds the job templates that `balnet scan` renders (array.sbatch.in, aggregate.sbatch.in) into
# a generated source; sets BALNET_SCAN_TEMPLATES_CPP to its path. Editing a template re-runs CMake.
set(_balnet_jobs ${CMAKE_CURRENT_LIST_DIR})
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${_balnet_jobs}/array.sbatch.in ${_balnet_jobs}/aggregate.sbatch.in ${_balnet_jobs}/scan_templates.cpp.in)
file(READ ${_balnet_jobs}/array.sbatch.in BALNET_ARRAY_TEMPLATE)
file(READ ${_balnet_jobs}/aggregate.sbatch.in BALNET_AGGREGATE_TEMPLATE)
foreach(_t BALNET_ARRAY_TEMPLATE BALNET_AGGREGATE_TEMPLATE)
  string(FIND "${${_t}}" ")balnet_template\"" _clash)
  if(NOT _clash EQUAL -1)
    message(FATAL_ERROR "jobs/: a template contains the raw-string delimiter )balnet_template\"")
  endif()
endforeach()
set(BALNET_SCAN_TEMPLATES_CPP ${PROJECT_BINARY_DIR}/generated/scan_templates.cpp)
configure_file(${_balnet_jobs}/scan_templates.cpp.in ${BALNET_SCAN_TEMPLATES_CPP} @ONLY)
