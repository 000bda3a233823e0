// SPDX-License-Identifier: BSD-3-Clause
// The exchange of the sparse product (rate.product = sparse): every rank learns the active units
// (phi != 0) of all ranks as (gid, value), gid ascending. Each rank sends a bitmask of its owned
// units (1 bit per unit: active or not) followed by the active units' values in gid order, and
// receives every rank's, gathered in rank order (context::gather_all); so a rank receives
// N / 8 + 8 f N bytes per step instead of 8 bytes per ghost. The result is fixed by the values
// alone: the same (gid, value) list at any rank count. One rank exchanges nothing.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/network/partition.hpp>

namespace balnet {

class active_exchange {
public:
    active_exchange(const context& ctx, const partition& part) : ctx_(ctx), part_(part) {}

    /// Collective. `owned` is this rank's phi (part.local_size() values).
    void exchange(std::span<const double> owned);

    std::span<const std::uint32_t> gid() const noexcept { return gid_; }     ///< ascending
    std::span<const double> value() const noexcept { return value_; }
    /// Bytes this rank has received from the other ranks so far.
    std::uint64_t bytes_received() const noexcept { return bytes_received_; }

private:
    void unpack(std::span<const std::uint64_t> package, gid_type first, std::uint64_t count);

    context ctx_;
    partition part_;
    std::vector<std::uint64_t> package_;
    std::vector<std::uint32_t> gid_;
    std::vector<double> value_;
    std::uint64_t bytes_received_ = 0;
};

}  // namespace balnet
