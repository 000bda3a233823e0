// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/active_exchange.hpp>

#include <bit>

namespace balnet {

namespace {
constexpr std::uint64_t mask_words(std::uint64_t units) { return (units + 63) / 64; }
}  // namespace

void active_exchange::exchange(std::span<const double> owned) {
    const std::uint64_t n = owned.size();
    package_.assign(mask_words(n), 0);
    for (std::uint64_t i = 0; i < n; ++i)
        if (owned[i] != 0.0) {
            package_[i / 64] |= std::uint64_t{1} << (i % 64);
            package_.push_back(std::bit_cast<std::uint64_t>(owned[i]));
        }
    gid_.clear();
    value_.clear();
    if (part_.n_ranks() == 1) return unpack(package_, part_.begin(), n);
    const auto all = ctx_.gather_all(std::span<const std::uint64_t>(package_));
    for (int r = 0; r < part_.n_ranks(); ++r) {
        unpack(all.from(r), part_.first(r), part_.count(r));
        if (r != part_.rank()) bytes_received_ += all.count(r) * sizeof(std::uint64_t);
    }
}

// Appends the active units of one rank's package: the mask words, then the values in order.
void active_exchange::unpack(std::span<const std::uint64_t> package, gid_type first, std::uint64_t count) {
    const std::uint64_t words = mask_words(count);
    const std::uint64_t* value = package.data() + words;
    for (std::uint64_t k = 0; k < words; ++k)
        for (std::uint64_t bits = package[k]; bits != 0; bits &= bits - 1) {
            gid_.push_back(static_cast<std::uint32_t>(first + 64 * k + static_cast<unsigned>(std::countr_zero(bits))));
            value_.push_back(std::bit_cast<double>(*value++));
        }
}

}  // namespace balnet
