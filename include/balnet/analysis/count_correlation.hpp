// SPDX-License-Identifier: BSD-3-Clause
// The distribution of pairwise spike-count correlation coefficients (docs/models.md §2.5 item
// 5.12): for `pairs` distinct neuron pairs of the first population drawn from the run's seed,
// the Pearson correlation over time of their spike counts in consecutive windows of `window`
// steps inside the analysis window (only whole windows), then the histogram of the coefficients
// on [-1, 1], their mean and standard deviation. In the asynchronous state of a balanced network
// the mean is near 0 and the width shrinks like 1/sqrt(N) (Renart et al. 2010).
// Streaming, and the same bits at any rank count: the counting and the pair sums are those of
// analysis/pair_count_correlation.hpp (exact whole-number sums, reduced and dropped at each sync),
// with the pairs of substream 2, so memory holds the pairs' sums and one flush interval of windows.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <balnet/analysis/observer.hpp>
#include <balnet/analysis/pair_count_correlation.hpp>

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

    /// Keys count_correlation.{pairs, window, bins}; made for LIF and SCN runs with pairs > 0.
    static observer_kind kind();

    void add_spikes(std::span<const spike> spikes) override;
    void sync(const context& ctx, step_type now) override;
    std::vector<double> serialise() const override;
    void restore(std::span<const double> state) override;
    named_state checkpoint_state() const override { return counts_.checkpoint_state(); }
    void restore(const named_state& s) override { counts_.restore(s); }
    std::string finish(const context& ctx, output_sink& out) override;

    /// The result over the windows synced so far (the same on every rank).
    count_correlation_result result() const;
    std::uint64_t windows() const noexcept { return counts_.bins(); }
    /// The sampled pairs (gids), in draw order.
    std::vector<std::pair<gid_type, gid_type>> pair_gids() const { return counts_.pairs(); }

private:
    static pair_count_correlation counts_of(const run_view& view, std::uint64_t pairs, step_type window);

    run_view view_;
    step_type window_;
    std::uint64_t bins_;
    pair_count_correlation counts_;
};

}  // namespace balnet
