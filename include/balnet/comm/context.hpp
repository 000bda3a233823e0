// SPDX-License-Identifier: BSD-3-Clause
// The distributed context: the only door to MPI for every layer above comm.
//
// A context wraps one MPI communicator (by default the world of the running mpi_session).
// Every method is a collective unless it says otherwise: all ranks must call it, in the same
// order, never inside a branch that depends on local data. Reductions of floating-point values
// are done in rank order by MPI; results are identical on every rank.
#pragma once
#include <cstddef>
#include <cstring>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include <balnet/comm/gathered.hpp>
#include <balnet/core/exact_sum.hpp>

namespace balnet {

class context {
public:
    /// The world communicator of the running MPI (MPI must be initialised: see mpi_session).
    context();
    ~context();
    context(const context&);
    context& operator=(const context&);

    int rank() const noexcept;   ///< not collective
    int size() const noexcept;   ///< not collective

    void barrier() const;

    double sum(double v) const;
    std::int64_t sum(std::int64_t v) const;
    std::uint64_t sum(std::uint64_t v) const;
    double min(double v) const;
    double max(double v) const;
    std::int64_t min(std::int64_t v) const;
    std::int64_t max(std::int64_t v) const;
    bool any(bool v) const;  ///< logical or over ranks
    /// Sum over the ranks that share this rank's node (memory checks: a node's ranks share its
    /// RAM); the same value on every rank of a node.
    double node_sum(double v) const;

    /// A value and where it was found (max_loc).
    struct value_loc {
        double value = 0.0;
        std::uint64_t loc = 0;
    };
    /// The largest value over ranks and, among the ranks holding it, the lowest loc
    /// (MPI_MAXLOC: ties resolve to the lowest index, so the winner does not depend on the rank
    /// count). loc must be < 2^31 (mpi_error otherwise); NaN values are the caller's to exclude.
    value_loc max_loc(double value, std::uint64_t loc) const;

    /// Element-wise sums over ranks, in place.
    void sum_inplace(std::span<double> v) const;
    void sum_inplace(std::span<std::int64_t> v) const;
    void sum_inplace(std::span<std::uint64_t> v) const;
    /// Element-wise xor over ranks, in place (order-independent hashes).
    void xor_inplace(std::span<std::uint64_t> v) const;

    /// Exact sums over ranks (core/exact_sum.hpp): the result depends only on the values added
    /// on all ranks together, never on how they are split, so it is the same bits at any rank
    /// count. Element-wise and in place; two collectives (the union of the limb ranges in use,
    /// then those limbs summed as integers), whatever the values.
    void sum_exact(std::span<exact_sum> v) const;
    /// The exact sum over ranks of v, rounded once.
    double sum_exact(const exact_sum& v) const;
    /// Entry i: the exact sum over ranks of every rank's entry i, rounded once. Every rank must
    /// hold the same number of entries (internal_error otherwise); reduced in blocks of 1024.
    std::vector<double> sum_exact(const exact_series& local) const;

    /// Exclusive prefix sum over ranks (0 on rank 0).
    std::uint64_t exclusive_scan(std::uint64_t v) const;

    /// Root's string on every rank.
    std::string broadcast(const std::string& s, int root = 0) const;

    /// The MPI library's own version line (MPI_Get_library_version, first line; local).
    static std::string mpi_library_version();
    /// This process's host name (MPI_Get_processor_name; local).
    static std::string host_name();

    /// Every rank's values, concatenated in rank order (counts first, then Allgatherv).
    template <typename T>
    gathered<T> gather_all(std::span<const T> local) const {
        static_assert(std::is_trivially_copyable_v<T>);
        std::vector<std::uint64_t> counts;
        auto bytes = allgatherv_bytes(std::as_bytes(local), sizeof(T), counts);
        std::vector<T> values(bytes.size() / sizeof(T));
        if (!values.empty()) std::memcpy(values.data(), bytes.data(), bytes.size());
        return gathered<T>(std::move(values), counts);
    }

    /// Ends every rank of the job with this exit code (for errors seen by one rank only).
    [[noreturn]] void abort(int code) const;

private:
    std::vector<std::byte> allgatherv_bytes(std::span<const std::byte> local, std::size_t elem,
                                            std::vector<std::uint64_t>& counts) const;
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace balnet
