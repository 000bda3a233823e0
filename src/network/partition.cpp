// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/network/partition.hpp>

#include <balnet/core/error.hpp>

namespace balnet {

partition::partition(std::uint64_t n_global, int n_ranks, int rank)
    : n_(n_global), p_(n_ranks), rank_(rank) {
    if (n_ranks < 1 || rank < 0 || rank >= n_ranks)
        throw internal_error("partition: invalid rank " + std::to_string(rank) + " of " +
                             std::to_string(n_ranks));
    base_ = n_ / static_cast<std::uint64_t>(p_);
    rem_ = n_ % static_cast<std::uint64_t>(p_);
}

gid_type partition::first(int r) const noexcept {
    const auto ur = static_cast<std::uint64_t>(r);
    return ur * base_ + (ur < rem_ ? ur : rem_);
}

std::uint64_t partition::count(int r) const noexcept {
    return base_ + (static_cast<std::uint64_t>(r) < rem_ ? 1 : 0);
}

int partition::owner(gid_type gid) const noexcept {
    // The first rem_ ranks hold base_ + 1 ids each, the rest base_.
    const std::uint64_t big = rem_ * (base_ + 1);
    if (gid < big) return static_cast<int>(gid / (base_ + 1));
    return static_cast<int>(rem_ + (gid - big) / base_);
}

}  // namespace balnet
