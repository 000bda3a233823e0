// SPDX-License-Identifier: BSD-3-Clause
// Population spectrum peak (docs/models.md §2.5 item 5.7): the population spike count in bins of
// 0.5 ms over the analysis window [t0, t1), cut into consecutive non-overlapping segments of
// 200 ms; each segment has its mean removed, is multiplied by a periodic Hann window and
// Fourier-transformed; the periodograms |X_k|^2 / sum_n w_n^2 are averaged over segments. The
// result is the frequency of the largest power in [5, 500] Hz and the ratio of that power to the
// median power over the same band: a sharp peak (ratio >> 1) marks a global oscillation, its
// frequency tells the fast (a few ms period, locked to the delay) from the slow (tens of Hz) one.
// Why the mean is removed: the Hann window leaks a quarter of the DC amplitude into the first
// bin (5 Hz), which would otherwise always be the "peak" of a nonzero rate.
// Invariants: bins are [t0 + b w, t0 + (b+1) w) for the floor((t1 - t0)/w) whole bins (w in
// steps, round(bin_ms/dt) >= 1); segments use the first floor(bins/M) M-bin blocks; band edges
// are clamped to the Nyquist frequency. Streamed: each rank counts its own spikes into the bins
// not yet synced; sync() adds the finished whole segments over ranks (whole numbers: exact),
// adds each one's periodogram to a running sum in segment order and drops it, so memory holds one
// flush interval (and one segment) of bins, and the result has the bits of the whole series
// transformed at the end.
#pragma once
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include <balnet/analysis/population_bins.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet {

/// The constants of docs/models.md §2.5.7.
struct population_spectrum_params {
    double bin_ms = 0.5;       ///< count bin
    double segment_ms = 200.0; ///< periodogram segment (frequency resolution 1/segment)
    double f_lo_hz = 5.0;      ///< band searched for the peak, both ends included
    double f_hi_hz = 500.0;
};

struct spectrum_peak {
    /// NaN when there is no whole segment or no power in the band.
    double frequency_hz = std::numeric_limits<double>::quiet_NaN();
    /// Peak power / median power in the band; NaN as above, +inf for a zero median.
    double ratio = std::numeric_limits<double>::quiet_NaN();
    std::uint64_t n_segments = 0;
};

class population_spectrum {
public:
    /// Neurons [first, first + n); window [t0, t1) in steps; dt in ms.
    population_spectrum(gid_type first, std::uint64_t n, step_type t0, step_type t1, double dt_ms,
                        population_spectrum_params p = {});

    void add(std::span<const spike> spikes) { bins_.add(spikes); }
    /// Collective: the whole segments finished by step `now` (every stamp in them <= now) are
    /// added over ranks and their periodograms summed; every rank passes the same `now`.
    void sync(const context& ctx, step_type now);
    /// Averaged periodogram of the synced segments (empty without one).
    std::vector<double> synced_power() const;
    std::uint64_t segments_synced() const noexcept { return n_synced_; }

    /// This rank's spikes per bin, of the bins from the first one not yet synced to the end of
    /// the window.
    std::vector<double> counts() const { return bins_.counts(); }

    step_type bin_steps() const noexcept { return bin_; }
    double bin_ms() const noexcept { return static_cast<double>(bin_) * dt_; }
    std::size_t segment_bins() const noexcept { return segment_; }
    /// Frequency of periodogram entry k = 0 .. segment_bins()/2, [Hz].
    double frequency_hz(std::size_t k) const;

    /// Averaged periodogram (segment_bins()/2 + 1 entries) of global `counts` (size of counts());
    /// empty when the window holds no whole segment.
    std::vector<double> power(std::span<const double> counts) const;
    /// Peak and peak/median ratio of `power` (as returned by power()) in the band.
    spectrum_peak peak(std::span<const double> power) const;

    /// The accumulated counts as numbers (checkpoints); restore() takes them back bitwise into
    /// an object built with the same arguments (internal_error when they do not fit).
    std::vector<double> serialise() const;
    void restore(std::span<const double> state);

private:
    step_type bin_;
    double dt_;
    std::size_t segment_;
    population_spectrum_params p_;
    population_bins bins_;  // this rank's counts of the bins not yet synced (base: a multiple of segment_)
    std::vector<double> power_sum_;  // sum of the synced segments' |X_k|^2
    std::uint64_t n_synced_ = 0;
};

}  // namespace balnet
