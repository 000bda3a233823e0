# SPDX-License-Identifier: BSD-3-Clause
balnet_mpi_test(test_lif_engine_mpi analysis)  # spike_statistics checks the engine's spikes
balnet_mpi_test(test_scn_engine_mpi spiking)
balnet_mpi_test(test_exp_synapse_engine_mpi spiking)
