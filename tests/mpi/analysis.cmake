# SPDX-License-Identifier: BSD-3-Clause
balnet_mpi_test(test_rate_observables_mpi analysis)
balnet_mpi_test(test_count_correlation_mpi analysis)
balnet_mpi_test(test_streamed_observers_mpi analysis)
