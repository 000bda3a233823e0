// SPDX-License-Identifier: BSD-3-Clause
// Values gathered from every rank, concatenated in rank order, with each rank's partition.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

namespace balnet {

template <typename T>
class gathered {
public:
    gathered(std::vector<T> values, const std::vector<std::uint64_t>& counts)
        : values_(std::move(values)), offsets_(counts.size() + 1, 0) {
        for (std::size_t r = 0; r < counts.size(); ++r) offsets_[r + 1] = offsets_[r] + counts[r];
    }
    const std::vector<T>& values() const noexcept { return values_; }
    std::size_t count(int rank) const { return offsets_[rank + 1] - offsets_[rank]; }
    std::span<const T> from(int rank) const {
        return {values_.data() + offsets_[rank], count(rank)};
    }
    const std::vector<std::uint64_t>& offsets() const noexcept { return offsets_; }

private:
    std::vector<T> values_;
    std::vector<std::uint64_t> offsets_;
};

}  // namespace balnet
