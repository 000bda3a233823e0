// SPDX-License-Identifier: BSD-3-Clause
// One-pass moments of a sequence of samples x (or of pairs x, y), each shifted by the first
// sample so that the variance keeps its accuracy when the mean is large against the spread.
// The sums depend only on the sequence, in order: folding it in pieces (at every flush of a
// streamed run, or across a checkpoint) gives the same bits as folding it at once, which is what
// lets an observer drop its per-step series after each flush.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>

namespace balnet {

struct shifted_moments {
    static constexpr std::size_t n_values = 8;  ///< the length of to_array()

    std::uint64_t n = 0;
    double shift_x = 0, shift_y = 0;
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;

    void add(double x, double y = 0.0) noexcept {
        if (n == 0) {
            shift_x = x;
            shift_y = y;
        }
        const double a = x - shift_x, b = y - shift_y;
        sx += a;
        sy += b;
        sxx += a * a;
        syy += b * b;
        sxy += a * b;
        ++n;
    }

    /// Var(x) with ddof 0; NaN without samples.
    double variance_x() const noexcept {
        if (n == 0) return std::numeric_limits<double>::quiet_NaN();
        const double m = static_cast<double>(n);
        return (sxx - sx * sx / m) / m;
    }

    /// Pearson correlation of x and y; NaN unless both variances are > 0.
    double pearson() const noexcept {
        const double m = static_cast<double>(n);
        const double vxx = sxx - sx * sx / m, vyy = syy - sy * sy / m, vxy = sxy - sx * sy / m;
        if (n == 0 || !(vxx > 0.0) || !(vyy > 0.0)) return std::numeric_limits<double>::quiet_NaN();
        return vxy / std::sqrt(vxx * vyy);
    }

    std::array<double, n_values> to_array() const noexcept {
        return {static_cast<double>(n), shift_x, shift_y, sx, sy, sxx, syy, sxy};
    }
    /// The inverse of to_array(); false (and *this unchanged) when `v` is no such state.
    bool from_array(std::span<const double> v) noexcept {
        if (v.size() != n_values || !(v[0] >= 0.0) || v[0] > 9.0e15 || v[0] != std::floor(v[0])) return false;
        n = static_cast<std::uint64_t>(v[0]);
        shift_x = v[1]; shift_y = v[2]; sx = v[3]; sy = v[4]; sxx = v[5]; syy = v[6]; sxy = v[7];
        return true;
    }
};

}  // namespace balnet
