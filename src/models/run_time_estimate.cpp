// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/models/run_time_estimate.hpp>

#include <cstdio>

namespace balnet {

run_time_estimate lif_run_time(double steps, double neurons, double events) {
    using c = cost_constants;
    return {1e-9 * (steps * neurons * c::lif_ns_per_neuron_step + events * c::lif_ns_per_event),
            "2 ns per neuron and step + 2.8 ns per synaptic event"};
}

run_time_estimate rate_run_time(double steps, double synapses, double units) {
    using c = cost_constants;
    return {1e-9 * steps * (synapses * c::rate_ns_per_synapse + units * c::rate_ns_per_unit),
            "1 ns per synapse and step + 20 ns per unit and step"};
}

run_time_estimate scn_run_time(double steps, double neurons) {
    return {1e-9 * steps * neurons * cost_constants::scn_ns_per_neuron_step, "4 ns per neuron and step"};
}

std::string duration_text(double seconds) {
    char text[32];
    if (seconds < 90.0) std::snprintf(text, sizeof text, "%.2g s", seconds);
    else if (seconds < 5400.0) std::snprintf(text, sizeof text, "%.2g min", seconds / 60.0);
    else std::snprintf(text, sizeof text, "%.2g h", seconds / 3600.0);
    return text;
}

}  // namespace balnet
