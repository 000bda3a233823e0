// SPDX-License-Identifier: BSD-3-Clause
// What `balnet describe` says a run will take: a cost model of each engine's step with constants
// measured on this project's reference machine (2 cores of a shared VM, 2026-12), per rank:
//   LIF   steps x owned neurons x lif_ns_per_neuron_step + expected synaptic events of the owned
//         targets (synapses x rate x T) x lif_ns_per_event;
//   rate  steps x (synapses of the owned rows x rate_ns_per_synapse + owned units x rate_ns_per_unit);
//   SCN   steps x owned neurons x scn_ns_per_neuron_step.
// The slowest rank sets the time. It leaves out building the network, the output and the
// communication beyond one node, and another CPU changes it: expect ±50 %, and a longer time on
// a busier or slower core. Pure.
#pragma once
#include <string>

namespace balnet {

struct cost_constants {
    static constexpr double lif_ns_per_neuron_step = 2.0;  // bench_lif, model A, 1 rank
    static constexpr double lif_ns_per_event = 2.8;        // same run: 5.9e8 events in 1.64 s
    static constexpr double rate_ns_per_synapse = 1.0;     // bench_rate, N = 2e5, K = 1000 (double)
    static constexpr double rate_ns_per_unit = 20.0;       // phi, observables, traces
    static constexpr double scn_ns_per_neuron_step = 4.0;  // scn-large-N=20000, 1 rank
};

/// Seconds of simulation on the slowest of `ranks` ranks, from per-rank work in ns.
struct run_time_estimate {
    double seconds = 0.0;
    std::string model;  ///< the cost model in words, for describe's output
};

/// steps, the owned neurons and expected events of the busiest rank.
run_time_estimate lif_run_time(double steps, double neurons, double events);
run_time_estimate rate_run_time(double steps, double synapses, double units);
run_time_estimate scn_run_time(double steps, double neurons);

/// "12 s", "3.4 min", "2.1 h".
std::string duration_text(double seconds);

}  // namespace balnet
