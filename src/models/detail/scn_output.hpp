// SPDX-License-Identifier: BSD-3-Clause
// What an SCN run collects (scn_observers, fed by the engine's step probe) and writes into its
// HDF5 file (docs/output-layout.md): provenance and the decoder, the sampled target x~ and read-out x^,
// the SONATA spike report, the §2.5 observables and the knock-out errors, the E/I currents of a
// few neurons. Every writer is collective: all ranks call it with the same global values
// (spikes and per-neuron data: each its slice).
// Checkpoints: state() holds everything fed so far — by the step probe (read-out errors, E/I
// currents, the sampled rows) and by the spikes (statistics, knock-out statistics, counts) — so
// restore() continues bitwise from the state alone.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <balnet/core/named_state.hpp>
#include <balnet/analysis/observer_set.hpp>
#include <balnet/comm/context.hpp>
#include <balnet/io/config.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/analysis/scn_ei_currents.hpp>
#include <balnet/spiking/scn_engine.hpp>
#include <balnet/analysis/scn_readout_error.hpp>
#include <balnet/analysis/spike_statistics.hpp>

namespace balnet::detail {

/// The probe-fed part of scn_observers (this rank's), for a checkpoint. error, pre, post and the
/// signal rows t, x, xhat are the same on every rank; currents and traces are per rank.
/// Observers of one run: everything is accumulated in streaming form except the sampled
/// signal (J values per sample) and the E/I traces of the traced neurons.
class scn_observers {
public:
    scn_observers(const config& cfg, const scn_engine& eng);
    void add_step(const scn_engine& eng);                 ///< from the step probe
    void add_spikes(std::span<const spike> local);        ///< the owned neurons' spikes
    /// Collective, at every flush of the run: the generic observers reduce what is finished.
    void sync(const context& ctx, step_type now) { generic.sync(ctx, now); }

    /// The state as named vectors, at any rank count. Shared (the same on every rank): error,
    /// pre, post (read-out errors), t, x, xhat (the sampled signal), currents_samples; by neuron
    /// id: currents (E/I filters and sums), stats, ko_pre, ko_post (spike statistics), counts;
    /// by traced neuron: trace_e, trace_i (one value per sample); then the generic observers'
    /// fields (`<kind>.<field>`). Without E/I currents there are no currents and trace fields.
    named_state checkpoint_state() const;
    /// Restores a fresh object (same config and engine, nothing added yet) to the point where
    /// `s` was taken. internal_error if `s` does not fit.
    void restore(const named_state& s);

    /// The global results (collective: every rank calls once, after the last step).
    struct result {
        spike_train_summary spikes;
        scn_ei_result ei;
        double ko_rate_pre = 0, ko_rate_post = 0;  // [Hz] all neurons before, survivors after
    };
    result finish(const scn_engine& eng, const context& ctx) const;

    statistics_window window;
    spike_statistics stats;
    scn_readout_error error, pre, post;
    std::optional<scn_ei_currents> currents;
    step_type sample_every;
    std::vector<double> t, x, xhat;          // samples; x, xhat row-major [sample, J]
    std::vector<gid_type> traced;            // global ids whose E, I are traced
    std::uint64_t traced_col0 = 0;           // first traced column owned here
    std::vector<std::size_t> traced_local;   // their local indices
    std::vector<double> trace_e, trace_i;    // [sample, local traced]
    std::vector<double> counts;              // owned neurons: spikes in the window
    observer_set generic;                    // the observers of every spiking run

private:
    void sample(const scn_engine& eng);
    gid_type first_;
    std::uint64_t n_neurons_;
    spike_statistics ko_pre_, ko_post_;
};

void write_scn_provenance(h5_file& f, const config& cfg, const scn_engine& eng, const context& ctx,
                          const std::string& command_line);
void write_scn_signal(h5_file& f, const scn_engine& eng, const scn_observers& obs);
void write_scn_analysis(h5_file& f, const scn_engine& eng, const scn_observers& obs,
                        const scn_observers::result& r);
std::string scn_summary_text(const std::string& path, const scn_engine& eng, const scn_observers& obs,
                             const scn_observers::result& r, int ranks, double wall_s);

}  // namespace balnet::detail
