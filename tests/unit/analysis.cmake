# SPDX-License-Identifier: BSD-3-Clause
balnet_unit_test(test_autocovariance_accumulator analysis)
# rate_observables needs an MPI singleton (context): own main with mpi_session, not gtest_main.
add_executable(test_rate_observables test_rate_observables.cpp)
target_link_libraries(test_rate_observables PRIVATE balnet::analysis GTest::gtest balnet_warnings)
gtest_discover_tests(test_rate_observables PROPERTIES LABELS unit ENVIRONMENT
  "${BALNET_MPI_TEST_ENV}" DISCOVERY_TIMEOUT 60)
