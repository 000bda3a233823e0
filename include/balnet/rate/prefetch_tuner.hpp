// SPDX-License-Identifier: BSD-3-Clause
// The prefetch hint of a stored coupling's rows (sliced_rows.hpp for the dense product,
// column_windows.hpp for the sparse one), chosen per CPU: the first product of a large enough
// matrix runs each hint and keeps the fastest (their tune()), unless a hint was set. The hint changes no bit of the product (the same loop, the same sum
// order), so ranks may choose differently and a checkpoint resumed on another CPU matches bit for
// bit whatever its CPU chooses: nothing of it is recorded beyond the log line of describe().
#pragma once
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <string>

namespace balnet {

/// How the product asks for its entries ahead of their use: into all caches (t0), around them
/// (nta: non-temporal), or not at all (none: the hardware prefetcher alone). Which is fastest
/// depends on the CPU, hence the choice at run time: nta was chosen on the CPU the kernel was
/// first tuned on (10-15 % faster than none there); on a 2-vCPU KVM Xeon (Dec 2026,
/// tools/bench/results/rate-product.md) nta made the product 1.4-1.8x slower than t0, and slower
/// than none.
enum class prefetch_hint : std::uint8_t { t0, nta, none };
inline constexpr std::array<prefetch_hint, 3> prefetch_hints{prefetch_hint::t0, prefetch_hint::nta, prefetch_hint::none};
std::string to_string(prefetch_hint h);  ///< "t0" | "nta" | "none"

/// Runs product() `reps` times with each hint set by set_hint(h), the hints alternating (so that
/// a drift of a shared machine's bandwidth touches all alike), and leaves the fastest set;
/// returns each hint's best time in seconds, in the order of prefetch_hints.
template <typename SetHint, typename Product>
std::array<double, 3> measure_prefetch_hints(SetHint&& set_hint, Product&& product, int reps) {
    std::array<double, 3> best;
    best.fill(1e300);
    for (int r = 0; r < reps; ++r)
        for (std::size_t h = 0; h < prefetch_hints.size(); ++h) {
            set_hint(prefetch_hints[h]);
            const auto t0 = std::chrono::steady_clock::now();
            product();
            best[h] = std::min(best[h], std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
    std::size_t fastest = 0;
    for (std::size_t h = 1; h < best.size(); ++h)
        if (best[h] < best[fastest]) fastest = h;
    set_hint(prefetch_hints[fastest]);
    return best;
}

class prefetch_tuner {
public:
    /// rows.multiply(args...): at the first call for rows of rows.tune_min_entries entries or more
    /// (and no hint set) rows.tune(args...) instead, which measures each hint, keeps the fastest
    /// and leaves the product in place; afterwards with the chosen hint.
    template <typename Rows, typename... Args>
    void multiply(const Rows& rows, Args&&... args) const {
        if (state_ == state::pending) {
            state_ = rows.n_entries() >= Rows::tune_min_entries ? state::measured : state::small;
            if (state_ == state::measured) {
                seconds_ = rows.tune(args...);
                return;
            }
        }
        rows.multiply(args...);
    }

    /// Uses `h` from now on, without measuring.
    template <typename Rows>
    void set(Rows& rows, prefetch_hint h) {
        rows.set_prefetch(h);
        state_ = state::set;
    }

    /// One line: the hint in use and how it was chosen, e.g. "prefetch t0 (measured at the first
    /// product: t0 181.2 ms, nta 340.5 ms, none 290.0 ms)".
    std::string describe(prefetch_hint in_use) const;

private:
    enum class state : std::uint8_t { pending, measured, small, set };
    mutable state state_ = state::pending;
    mutable std::array<double, 3> seconds_{};
};

}  // namespace balnet
