// SPDX-License-Identifier: BSD-3-Clause
// `balnet describe` for LIF and SCN configurations (rate: describe_rate in rate_run.hpp): what a
// run would do, without doing it — the resolved configuration, the network, the partition over
// the current ranks and the estimated peak memory of each rank (memory_estimate.hpp), with the
// firing rate its spike term assumes. Nothing is allocated beyond the parameters; rank 0 prints.
// Not collective (every rank may call it; only rank 0 writes).
#pragma once
#include <balnet/comm/context.hpp>
#include <balnet/io/config.hpp>

namespace balnet {

/// run.model = lif (delta, cuba or coba neurons).
void describe_lif(const config& cfg, const context& ctx);

/// run.model = scn.
void describe_scn(const config& cfg, const context& ctx);

}  // namespace balnet
