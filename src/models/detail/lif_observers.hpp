// SPDX-License-Identifier: BSD-3-Clause
// Everything a LIF run measures while it runs (docs/models.md §2.5), fed by the engine's spikes,
// its voltage probe and the E/I input of the recorded neurons (lif_input_split, on the engine's
// interval hook): per population the spike statistics (rate, CV, Fano), the
// per-neuron counts, the population-rate histogram and the population spectrum (5.7); for E the
// pairwise count correlations, and over the recorded E neurons chi, rho_EI and the buffered V
// traces, with lif_output.current_traces also their E and I input (lif_input_split's e and -i,
// or +i for coba conductances, summed over each V sampling interval and divided by its length:
// sample s pairs V after step k with the input of steps k - every + 1 .. k). Collective only in
// sync(), finish() and the writers; every rank feeds it the same number of steps.
// Checkpoints: serialise() holds everything fed so far — by the probes (chi, rho_EI, V and current
// traces with the partial sums of the current sample, and the input split's rings) and by the spikes (spike statistics,
// histograms, spectra, pair counts, per-neuron counts) — so restore() continues bitwise from the
// state alone, in memory that does not grow with the spikes recorded.
#pragma once
#include <memory>
#include <vector>

#include <balnet/core/named_state.hpp>
#include <balnet/analysis/observer_set.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/io/config.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/analysis/ei_input_correlation.hpp>
#include <balnet/analysis/lif_input_split.hpp>
#include <balnet/spiking/lif_engine.hpp>
#include <balnet/analysis/pair_count_correlation.hpp>
#include <balnet/analysis/population_histogram.hpp>
#include <balnet/analysis/population_spectrum.hpp>
#include <balnet/analysis/spike_statistics.hpp>
#include <balnet/analysis/synchrony_accumulator.hpp>

namespace balnet::detail {

struct lif_population_result {
    std::string name;
    spike_train_summary summary;
    std::vector<double> local_rates; // [Hz] this rank's neurons of the population
    std::uint64_t local_offset = 0;  ///< index of the first local neuron within the population
    std::uint64_t size = 0;
    double population_fano = 0.0;
    spectrum_peak spectrum;               ///< docs/models.md §2.5.7
    std::vector<double> spectrum_power;   ///< averaged periodogram, k = 0 .. Nyquist
    double spectrum_df_hz = 0.0, spectrum_bin_ms = 0.0;
};

/// Where a running LIF run streams the population-rate histogram of `population` [Hz] (its final
/// place: a killed run's file holds the bins synced so far).
inline std::string lif_histogram_stream_path(const std::string& population) {
    return "/analysis/populations/" + population + "/rate_histogram";
}

struct lif_run_result {
    std::vector<lif_population_result> populations;
    statistics_window window;
    step_type rate_bin = 0;
    pair_correlation_result pairs;
    double chi = 0.0;
    ei_correlation_result ei;
    std::uint64_t n_recorded = 0;
};

class lif_observers {
public:
    /// Installs the engine's voltage probe and interval hook; must be built before the first
    /// advance(), and not moved (they hold `this`).
    lif_observers(const config& cfg, lif_engine& eng);

    void add_spikes(std::span<const spike> spikes);
    const statistics_window& window() const noexcept { return w_; }  ///< the analysis window
    /// Collective, at every flush of the run: the observers reduce what is finished and drop it
    /// (chi's and rho_EI's per-step sums, the finished count bins of the pairs).
    void sync(const context& ctx, step_type now);
    /// Collective, once the output file is open (after a restore): the population-rate histograms
    /// are streamed into `f` at every sync (lif_histogram_stream_path); a resumed run's are cut
    /// back to the bins its checkpoint had synced (the file holding fewer: the run is refused on
    /// every rank, exit 2, naming `checkpoint`).
    void stream_to(h5_file& f, const std::string& checkpoint, const context& ctx);
    /// Collective: releases the streamed trace datasets (before the file is closed early: a stop).
    void close_traces() {
        for (auto& ds : trace_sets_) ds.close();
        trace_sets_.clear();
    }
    /// The datasets stream_to writes (kept by a resumed run's open_run_output): the rate
    /// histograms, and /state/E/V (, i_e, i_i) [sample, neuron], whose rows go in at every sync.
    std::vector<std::string> streamed_paths() const;
    /// Collective, after finish(): the generic observers' results into `out`; their summary lines.
    std::string finish_generic(const context& ctx, output_sink& out) { return generic_.finish(ctx, out); }

    /// This rank's state, for a checkpoint.
    std::vector<double> serialise() const;
    /// Restores a fresh object (same config and engine, nothing added yet) to the point where
    /// `state` was serialised. internal_error if `state` does not fit.
    void restore(std::span<const double> state);
    /// The state for the generic checkpoint, at any rank count (after a sync: the trace rows
    /// and the per-step sums of chi and rho_EI are then reduced, internal_error otherwise):
    /// by recorded neuron ("chi", "ei", "input", "trace_sums") and by neuron of each population
    /// ("<pop>.stats", "<pop>.counts"); shared what is reduced over ranks (their heads, "pairs.*",
    /// "<pop>.hist", "<pop>.spectrum"); summed the histograms' and spectra's unsynced counts.
    named_state checkpoint_state() const;
    void restore(const named_state& s);
    lif_run_result finish(const context& ctx);  ///< collective
    /// Collective, at the end: the last trace rows of /state/E/V (and /state/E/i_e, i_i, with
    /// their attributes; streamed since stream_to), /state/E/time, /state/E/node_ids.
    void write_traces(h5_file& f, const context& ctx);

private:
    struct pop {
        std::string name;
        gid_type first = 0, local_first = 0;
        std::uint64_t size = 0, local_n = 0;
        spike_statistics stats;
        population_histogram hist;
        population_spectrum spectrum;  // streamed: whole segments reduced at each sync
        std::vector<double> counts;  // per local neuron, in the window
    };
    void sync_histogram(const context& ctx, pop& p, step_type now);
    void on_voltage(step_type k, std::span<const double> v);
    void on_input(step_type k, std::span<const double> e, std::span<const double> i);
    void open_traces(h5_file& f);
    void flush_traces();
    std::vector<std::pair<std::string, std::string>> trace_sets() const;  // (path, units)

    const lif_engine& eng_;
    h5_file* out_ = nullptr;  // where the histograms stream (set by stream_to)
    observer_set generic_;  // the observers of every spiking run (analysis/observer_set.cpp)
    statistics_window w_;
    step_type rate_bin_ = 1, trace_every_ = 1;
    std::vector<pop> pops_;
    std::unique_ptr<pair_count_correlation> pairs_;
    std::vector<std::size_t> rec_local_;  // local indices of the recorded E neurons
    std::uint64_t rec_first_k_ = 0;       // index k of the first local recorded neuron
    std::uint64_t n_rec_ = 0, n_traced_ = 0, local_traced_ = 0;
    std::unique_ptr<synchrony_accumulator> chi_;
    std::unique_ptr<ei_input_correlation> ei_;
    std::unique_ptr<lif_input_split> input_;  // feeds on_input; with ei_ (recorded neurons)
    std::vector<double> scratch_, traces_;  // traces_: the samples since the last sync
    std::uint64_t n_trace_samples_ = 0, trace_rows_written_ = 0;
    std::vector<h5_dataset_2d<double>> trace_sets_;  // V (, i_e, i_i): rows written at every sync
    // Current traces: sign of the I input as the model adds it (-1, coba +1); this sample's
    // partial sums per local traced neuron; the buffers, laid out as traces_.
    bool current_traces_ = false;
    double i_sign_ = -1.0;
    std::vector<double> sum_e_, sum_i_, traces_e_, traces_i_;
};

}  // namespace balnet::detail
