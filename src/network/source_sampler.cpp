// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/network/source_sampler.hpp>

#include <algorithm>
#include <array>

namespace balnet {
namespace {

// Sorts values below `bound` (LSD radix sort, 8-bit digits, as many passes as `bound` has bytes):
// for the ~10^3 draws of a row about ten times faster than std::sort, which dominated the drawing
// of a row with cheap weights. The sorted sequence is the same whatever the method.
void radix_sort(std::vector<std::uint32_t>& v, std::vector<std::uint32_t>& tmp, std::uint64_t bound) {
    tmp.resize(v.size());
    for (unsigned shift = 0; shift < 32 && (bound - 1) >> shift != 0; shift += 8) {
        std::array<std::uint32_t, 257> start{};
        for (auto x : v) ++start[((x >> shift) & 0xFFu) + 1];
        for (std::size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
        for (auto x : v) tmp[start[(x >> shift) & 0xFFu]++] = x;
        v.swap(tmp);
    }
}

}  // namespace

// Draw with replacement, deduplicate, top up: the resulting set is invariant under relabelling,
// hence a uniform k-subset (and, being a set, does not depend on the sort algorithm). For k > m/2
// the complement is drawn instead (fewer collisions).
std::span<const std::uint32_t> source_sampler::distinct(rng_stream& rng, std::uint64_t k, std::uint64_t m) {
    const bool complement = 2 * k > m;
    const std::uint64_t want = complement ? m - k : k;
    pick_.clear();
    while (pick_.size() < want) {
        for (std::size_t i = pick_.size(); i < want; ++i)
            pick_.push_back(static_cast<std::uint32_t>(rng.uniform_int(m)));  // m < 2^32
        radix_sort(pick_, sort_tmp_, m);
        pick_.erase(std::unique(pick_.begin(), pick_.end()), pick_.end());
    }
    if (!complement) return pick_;
    rest_.clear();
    std::size_t e = 0;
    for (std::uint64_t j = 0; j < m; ++j) {
        if (e < pick_.size() && pick_[e] == j) {
            ++e;
            continue;
        }
        rest_.push_back(static_cast<std::uint32_t>(j));
    }
    return rest_;
}

}  // namespace balnet
