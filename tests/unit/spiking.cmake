# SPDX-License-Identifier: BSD-3-Clause
balnet_unit_test(test_lif_params spiking)
balnet_unit_test(test_poisson_drive spiking)
balnet_unit_test(test_delay_ring spiking)
balnet_unit_test(test_synapse_index spiking)
balnet_unit_test(test_network_laws spiking)
balnet_unit_test(test_neuron_models spiking)
balnet_unit_test(test_delta_block spiking)
balnet_unit_test(test_exp_block spiking)
balnet_unit_test(test_spike_exchange spiking)
balnet_unit_test(test_lif_engine spiking)
balnet_unit_test(test_scn_engine spiking)
balnet_unit_test(test_scn_signal spiking)
balnet_unit_test(test_exp_synapse_neuron spiking)
balnet_unit_test(test_adex_neuron spiking)
balnet_unit_test(test_mixed_models spiking)
# The AdEx firing patterns against scipy (Debian's python3 with python3-scipy); not registered,
# with a warning, where scipy is missing.
find_program(BALNET_SCIPY_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
execute_process(COMMAND ${BALNET_SCIPY_PYTHON} -c "import numpy, scipy" RESULT_VARIABLE adex_scipy_rc
                OUTPUT_QUIET ERROR_QUIET)
if(adex_scipy_rc EQUAL 0)
  add_test(NAME adex_naud_scipy COMMAND ${BALNET_SCIPY_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/adex_naud_scipy.py
           $<TARGET_FILE:test_adex_neuron>)
  set_tests_properties(adex_naud_scipy PROPERTIES LABELS unit TIMEOUT 300)
else()
  message(WARNING "python3 cannot import scipy: adex_naud_scipy not registered (install python3-scipy)")
endif()
