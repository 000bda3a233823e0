# SPDX-License-Identifier: BSD-3-Clause
balnet_unit_test(test_lif_params spiking)
balnet_unit_test(test_poisson_drive spiking)
balnet_unit_test(test_delay_ring spiking)
balnet_unit_test(test_synapse_index spiking)
balnet_unit_test(test_spike_exchange spiking)
balnet_unit_test(test_lif_engine spiking)
balnet_unit_test(test_spike_statistics spiking)
balnet_unit_test(test_synchrony_accumulator spiking)
