// SPDX-License-Identifier: BSD-3-Clause
// Spike exchange, once per interval (at most the minimum delay): each rank's spikes of the
// interval are sorted by (step, gid), gathered from every rank (counts, then Allgatherv, through
// comm::context), and returned in global (step, gid) order. The gathered buffer arrives in
// (rank, step, gid) order; a merge by step restores the canonical order, which is what makes
// delivery — and hence every neuron's summed input — the same for any rank count.
// A default-constructed exchange is the single-process one (no MPI, no collective): use it with
// a one-rank partition, e.g. to run a serial reference inside an MPI test.
#pragma once
#include <optional>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet {

class spike_exchange {
public:
    spike_exchange() = default;  ///< single process: exchange() only sorts
    explicit spike_exchange(const context& ctx) : ctx_(ctx) {}

    bool distributed() const noexcept { return ctx_.has_value(); }
    int n_ranks() const noexcept { return ctx_ ? ctx_->size() : 1; }
    int rank() const noexcept { return ctx_ ? ctx_->rank() : 0; }

    /// Collective when distributed. Sorts `local` in place and returns all spikes, sorted.
    std::vector<spike> exchange(std::vector<spike>& local) const;

    const context* ctx() const noexcept { return ctx_ ? &*ctx_ : nullptr; }

private:
    std::optional<context> ctx_;
};

}  // namespace balnet
