// SPDX-License-Identifier: BSD-3-Clause
// Checkpointed state as numbers: an object's state is a sequence of length-prefixed blocks of
// doubles, so that a reader can check every block's length before it takes it (a damaged or
// foreign state is refused, never read past its end). Integers up to 2^53 are exact doubles.
#pragma once
#include <span>
#include <string>
#include <vector>

#include <balnet/core/error.hpp>

namespace balnet {

/// Appends `block` to `out`, preceded by its length.
inline void put_block(std::vector<double>& out, std::span<const double> block) {
    out.push_back(static_cast<double>(block.size()));
    out.insert(out.end(), block.begin(), block.end());
}

/// Takes the next length-prefixed block from `state` at `pos` (advanced past it);
/// internal_error naming `what` when the state ends early.
inline std::span<const double> take_block(std::span<const double> state, std::size_t& pos, const char* what) {
    if (pos >= state.size()) throw internal_error(std::string(what) + ": truncated state");
    const double len = state[pos++];
    if (!(len >= 0.0) || len > static_cast<double>(state.size() - pos))
        throw internal_error(std::string(what) + ": truncated state");
    const auto n = static_cast<std::size_t>(len);
    pos += n;
    return state.subspan(pos - n, n);
}

/// Takes a block that must have exactly `n` values.
inline std::span<const double> take_block(std::span<const double> state, std::size_t& pos, std::size_t n,
                                          const char* what) {
    const auto b = take_block(state, pos, what);
    if (b.size() != n) throw internal_error(std::string(what) + ": state of another shape");
    return b;
}

/// [rows][cols] as [cols][rows]: rows of per-neuron values (a delay ring's slots, a trace's
/// samples) as per-neuron items of a checkpoint, and back (swap rows and cols). internal_error
/// naming `what` unless m holds rows * cols values.
inline std::vector<double> transposed(std::span<const double> m, std::size_t rows, std::size_t cols,
                                      const char* what) {
    if (m.size() != rows * cols) throw internal_error(std::string(what) + ": state of another shape");
    std::vector<double> t(m.size());
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c) t[c * rows + r] = m[r * cols + c];
    return t;
}

}  // namespace balnet
