# SPDX-License-Identifier: BSD-3-Clause
balnet_unit_test(test_autocovariance_accumulator analysis)
# rate_observables and population_histogram need an MPI singleton (context): own main with
# mpi_session, not gtest_main.
foreach(t test_rate_observables test_population_histogram)
  add_executable(${t} ${t}.cpp)
  target_link_libraries(${t} PRIVATE balnet::analysis GTest::gtest balnet_warnings)
  gtest_discover_tests(${t} PROPERTIES LABELS unit ENVIRONMENT "${BALNET_MPI_TEST_ENV}" DISCOVERY_TIMEOUT 60)
endforeach()
balnet_unit_test(test_spike_statistics analysis)
balnet_unit_test(test_population_spectrum analysis)
balnet_unit_test(test_pair_count_correlation analysis)
balnet_unit_test(test_synchrony_accumulator analysis)
balnet_unit_test(test_ei_input_correlation analysis)
balnet_unit_test(test_lif_input_split analysis)
balnet_unit_test(test_scn_readout_error analysis)
balnet_unit_test(test_scn_ei_currents analysis)
