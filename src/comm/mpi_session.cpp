// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/comm/mpi_session.hpp>

#include <boost/mpi/environment.hpp>

namespace balnet {

struct mpi_session::impl {
    // abort_on_exception = false: main() decides how to end (message, abort or exit code).
    impl(int& argc, char**& argv) : env(argc, argv, false) {}
    boost::mpi::environment env;
};

mpi_session::mpi_session(int& argc, char**& argv) : impl_(std::make_unique<impl>(argc, argv)) {}
mpi_session::~mpi_session() = default;

}  // namespace balnet
