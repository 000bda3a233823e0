// SPDX-License-Identifier: BSD-3-Clause
// What a LIF run writes into its HDF5 file (docs/output-layout.md) and prints on rank 0. Every writer is
// collective: all ranks call it with the same global values (spikes: each its slice).
#pragma once
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/io/config.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/meanfield/siegert.hpp>
#include <balnet/run/spike_stream.hpp>
#include <balnet/spiking/lif_params.hpp>
#include <balnet/spiking/spike.hpp>

#include "lif_observers.hpp"

namespace balnet::detail {

/// Root attributes, /config and /network.
/// /network/checksum (the sum over ranks of synapse_index::checksum), its hex form and
/// definition, and /network/n_synapses.
void write_lif_checksum(h5_file& f, std::uint64_t checksum, std::uint64_t n_synapses);
void write_lif_provenance(h5_file& f, const config& cfg, const lif_network_params& net,
                          const context& ctx, const std::string& command_line);
/// The populations of the spike report /spikes/<population> (node ids relative to the
/// population), which the run streams through a spike_stream.
std::vector<report_population> lif_report_populations(const lif_network_params& net);
/// /analysis/...: the observables of docs/models.md §2.5 with units.
void write_lif_analysis(h5_file& f, const lif_network_params& net, const lif_run_result& r);
/// What the E/I input split (analysis/lif_input_split) sums for the neuron model of the recorded neurons, those of
/// the first population (the E/I input of /analysis/mean_*_input and the current traces): its unit per ms ("mV/ms";
/// "g_L/ms" for coba; nS/ms or pA/ms for adex) and a sentence for the `quantity` attribute.
std::string lif_input_units(const lif_network_params& net);
std::string lif_input_quantity(const lif_network_params& net);
/// /meanfield/siegert: the prediction for this config; rate, mu, sigma, cv of the first
/// population at the top (model A's one unknown), and per population of `net` in
/// /meanfield/siegert/<pop>/ (model A: the same value for E and I).
void write_lif_meanfield(h5_file& f, const lif_network_params& net, const siegert_fixed_point& fp,
                         std::size_t n_fixed_points, double input_rate_hz);
std::string lif_summary_text(const std::string& path, const lif_run_result& r, double dt, int ranks,
                             double wall_s);
/// Simulated vs Siegert rate and CV per population (relative difference (predicted - simulated) /
/// |simulated|, as the rate runs' table).
std::string lif_meanfield_text(const lif_network_params& net, const lif_run_result& r, const siegert_fixed_point& fp,
                               double dt);

}  // namespace balnet::detail
