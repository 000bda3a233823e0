# SPDX-License-Identifier: BSD-3-Clause
# balnet_add_layer(name SOURCES ... DEPS ...): one static library per layer, alias balnet::<name>.
function(balnet_add_layer name)
  cmake_parse_arguments(L "" "" "SOURCES;DEPS" ${ARGN})
  add_library(balnet_${name} STATIC ${L_SOURCES})
  add_library(balnet::${name} ALIAS balnet_${name})
  target_include_directories(balnet_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include
                                            PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(balnet_${name} PUBLIC ${L_DEPS} PRIVATE balnet_warnings)
endfunction()

# Environment every MPI test runs under: root is allowed, more ranks than cores are allowed.
set(BALNET_MPI_TEST_ENV
  "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1;OMPI_MCA_rmaps_base_oversubscribe=1;OMPI_MCA_btl_vader_single_copy_mechanism=none")

# balnet_add_mpi_test(target NP n [LABELS ...] [ARGS ...]): target run under mpiexec with n ranks.
function(balnet_add_mpi_test target)
  cmake_parse_arguments(T "" "NP;TIMEOUT;NAME" "LABELS;ARGS" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  if(NOT T_NAME)
    set(T_NAME ${target})
  endif()
  add_test(NAME ${T_NAME}_np${T_NP}
           COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${T_NP} ${MPIEXEC_PREFLAGS}
                   $<TARGET_FILE:${target}> ${MPIEXEC_POSTFLAGS} ${T_ARGS})
  set_tests_properties(${T_NAME}_np${T_NP} PROPERTIES ENVIRONMENT "${BALNET_MPI_TEST_ENV}"
    PROCESSORS ${T_NP} TIMEOUT ${T_TIMEOUT} LABELS "mpi;${T_LABELS}")
endfunction()
