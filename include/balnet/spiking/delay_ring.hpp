// SPDX-License-Identifier: BSD-3-Clause
// The delay ring buffer of a group of neurons: B[slot][neuron], one row of summed input per
// future step, indexed by step mod n_slots (docs/models.md §2.2.3). Invariant: a row is read once,
// in its step, and zeroed right after, so a slot can be reused n_slots steps later. With
// delivery once per min-delay interval, input for steps up to (interval end + max delay) is
// pending, so n_slots = max_delay + 1 is enough. Rows are contiguous (delivery of one spike to
// many targets touches one row of n_neurons doubles).
#pragma once
#include <cstddef>
#include <span>
#include <vector>

#include <balnet/core/types.hpp>

namespace balnet {

class delay_ring {
public:
    delay_ring(std::size_t n_slots, std::size_t n_neurons);

    std::size_t n_slots() const noexcept { return n_slots_; }
    std::size_t n_neurons() const noexcept { return n_; }

    /// The row of input that neurons receive in `step` (step >= 0).
    std::span<double> row(step_type step) noexcept {
        return {data_.data() + slot(step) * n_, n_};
    }
    std::span<const double> row(step_type step) const noexcept {
        return {data_.data() + slot(step) * n_, n_};
    }
    /// Adds w to neuron i's input of `step`.
    void add(step_type step, std::size_t i, double w) noexcept { data_[slot(step) * n_ + i] += w; }

    std::size_t slot(step_type step) const noexcept {
        return static_cast<std::size_t>(step) % n_slots_;
    }
    /// The row of slot s < n_slots() (a delivery that walks the slots itself, per-synapse delays).
    double* slot_row(std::size_t s) noexcept { return data_.data() + s * n_; }
    std::size_t bytes() const noexcept { return data_.size() * sizeof(double); }

private:
    std::size_t n_slots_;
    std::size_t n_;
    std::vector<double> data_;
};

}  // namespace balnet
