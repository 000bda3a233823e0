// SPDX-License-Identifier: BSD-3-Clause
// Contiguous block partition of the global neuron ids over ranks. Every engine, the PETSc
// ownership ranges and the HDF5 writers use it. Invariants: blocks are contiguous and in rank
// order; sizes differ by at most one (the first n % p ranks get one more); ranks may be empty
// when there are fewer neurons than ranks.
#pragma once
#include <cstdint>

#include <balnet/core/types.hpp>

namespace balnet {

class partition {
public:
    partition(std::uint64_t n_global, int n_ranks, int rank);

    std::uint64_t global_size() const noexcept { return n_; }
    int n_ranks() const noexcept { return p_; }
    int rank() const noexcept { return rank_; }

    gid_type first(int r) const noexcept;          ///< first gid owned by rank r
    std::uint64_t count(int r) const noexcept;     ///< number of gids owned by rank r
    int owner(gid_type gid) const noexcept;        ///< rank owning gid (gid < global_size)

    gid_type begin() const noexcept { return first(rank_); }  ///< first owned gid
    gid_type end() const noexcept { return first(rank_) + count(rank_); }
    std::uint64_t local_size() const noexcept { return count(rank_); }
    bool owns(gid_type gid) const noexcept { return gid >= begin() && gid < end(); }

private:
    std::uint64_t n_;
    int p_;
    int rank_;
    std::uint64_t base_;
    std::uint64_t rem_;
};

}  // namespace balnet
