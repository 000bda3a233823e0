// SPDX-License-Identifier: BSD-3-Clause
// Where a run file comes from, the same root attributes for every model: balnet's version, the
// commit it was built from and whether the build's tracked files differed from it, the command
// line, the ranks and the hosts, the date the run started (UTC) and the versions of the libraries
// that computed it (MPI, PETSc, HDF5, Boost). Collective (every rank writes rank 0's values).
#pragma once
#include <string>

#include <balnet/comm/context.hpp>
#include <balnet/io/h5_file.hpp>

namespace balnet {

void write_provenance(h5_file& f, const context& ctx, const std::string& model, const std::string& command_line);

}  // namespace balnet
