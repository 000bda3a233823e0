// SPDX-License-Identifier: BSD-3-Clause
// The distribution of pairwise spike-count correlation coefficients (docs/models.md §2.5 item
// 5.12): for `pairs` distinct neuron pairs of the first population drawn from the run's seed,
// the Pearson correlation over time of their spike counts in consecutive windows of `window`
// steps inside the analysis window (only whole windows), then the histogram of the coefficients
// on [-1, 1], their mean and standard deviation. In the asynchronous state of a balanced network
// the mean is near 0 and the width shrinks like 1/sqrt(N) (Renart et al. 2010).
// Streaming, and the same bits at any rank count: counts are whole numbers, so the sums over
// ranks of a finished window's counts, and each pair's sums sum x, sum y, sum x^2, sum y^2,
// sum xy over windows, are exact in double; at each sync the finished windows are reduced and
// dropped, so memory holds the pairs' sums and the windows of one flush interval.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <balnet/analysis/observer.hpp>

namespace balnet {

struct count_correlation_result {
    std::vector<double> coefficients;   ///< per pair with both variances > 0, in draw order
    std::uint64_t n_sampled = 0;        ///< pairs drawn
    double mean = 0.0, sd = 0.0;        ///< NaN without a defined coefficient (sd: fewer than 2)
    std::vector<std::uint64_t> histogram;  ///< counts of coefficients per bin on [-1, 1]
};

class count_correlation : public observer {
public:
    /// window in steps (>= 1), pairs >= 1, bins >= 1; the first population must hold >= 2 neurons.
    count_correlation(const run_view& view, std::uint64_t pairs, step_type window, std::uint64_t bins);

    void add_spikes(std::span<const spike> spikes) override;
    void sync(const context& ctx, step_type now) override;
    std::vector<double> serialise() const override;
    void restore(std::span<const double> state) override;
    std::string finish(const context& ctx, output_sink& out) override;

    /// The result over the windows synced so far (the same on every rank).
    count_correlation_result result() const;
    std::uint64_t windows() const noexcept { return n_windows_; }
    /// The sampled pairs (gids), in draw order.
    std::vector<std::pair<gid_type, gid_type>> pair_gids() const;

private:
    struct pair_sums {
        double x = 0, y = 0, xx = 0, yy = 0, xy = 0;
    };
    run_view view_;
    step_type window_;
    std::uint64_t n_windows_ = 0, bins_;
    std::vector<std::pair<std::size_t, std::size_t>> pairs_;  // rows of the two neurons
    std::vector<gid_type> rows_;             // sampled gids, sorted
    std::uint64_t base_ = 0;                 // first window not yet reduced
    std::vector<double> pending_;            // [window - base][row]: this rank's counts
    std::vector<pair_sums> sums_;            // per pair, over the reduced windows
};

}  // namespace balnet
