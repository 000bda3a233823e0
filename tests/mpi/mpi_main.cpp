// SPDX-License-Identifier: BSD-3-Clause
// main() of every MPI test: the same gtest sources run at any rank count. Only rank 0 prints,
// and a failure on any rank fails every rank (same exit code everywhere).
#include <gtest/gtest.h>
#include <mpi.h>

#include <balnet/comm/mpi_session.hpp>

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    balnet::mpi_session session(argc, argv);
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    if (rank != 0) delete listeners.Release(listeners.default_result_printer());
    int rc = RUN_ALL_TESTS();
    int any = 0;
    MPI_Allreduce(&rc, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return any;
}
