# SPDX-License-Identifier: BSD-3-Clause
balnet_mpi_test(test_h5_file_mpi io)
