// SPDX-License-Identifier: BSD-3-Clause
// `balnet describe` for LIF and SCN configurations (rate: describe_rate in rate_run.hpp): what a
// run would do, without doing it — the resolved configuration, the network, the partition over
// `ranks` ranks and the estimated peak memory of each rank (memory_estimate.hpp), with the firing
// rate its spike term assumes. Nothing is allocated beyond the parameters; it prints to stdout and
// needs no MPI (the caller lets one process print).
#pragma once
#include <balnet/io/config.hpp>

namespace balnet {

/// run.model = lif (delta, cuba or coba neurons).
void describe_lif(const config& cfg, int ranks);

/// run.model = scn.
void describe_scn(const config& cfg, int ranks);

}  // namespace balnet
