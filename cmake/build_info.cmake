# SPDX-License-Identifier: BSD-3-Clause
# Run at every build (cmake -P, from the target balnet_build_info): writes OUT, a header with the
# commit the sources are at and whether tracked files differ from it, so that a run's provenance
# names the commit it was built from, not the one CMake was configured at. configure_file leaves
# OUT untouched when nothing changed, so nothing is recompiled then.
execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY ${SRC}
  OUTPUT_VARIABLE sha OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT sha)
  set(sha "unknown")
  set(modified "unknown")
else()
  execute_process(COMMAND git status --porcelain --untracked-files=no WORKING_DIRECTORY ${SRC}
    OUTPUT_VARIABLE changes OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(changes)
    set(modified "true")
  else()
    set(modified "false")
  endif()
endif()
set(BALNET_GIT_SHA ${sha})
set(BALNET_TREE_MODIFIED ${modified})
configure_file(${IN} ${OUT} @ONLY)
