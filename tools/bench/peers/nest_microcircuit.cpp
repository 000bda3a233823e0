// SPDX-License-Identifier: BSD-3-Clause
// The Potjans & Diesmann (2014) microcircuit on NEST's C++ kernel API, for
// tools/bench/compare_peers.py (benchmark `microcircuit`, issue 17). It builds what NEST's
// Potjans_2014 example builds (pynest/examples/Potjans_2014/network.py as of NEST 3.9, removed
// from NEST's tree in Aug 2025, commit 09c1a3ccf; its network_params.py and helpers.py give the
// numbers below), which is balnet's table (include/balnet/network/microcircuit.hpp):
//  - 8 populations of iaf_psc_exp (PD14 Table 5: C_m 250 pF, tau_m 10 ms, tau_syn 0.5 ms,
//    E_L = V_reset = -65 mV, V_th = -50 mV, t_ref 2 ms), V(0) normal with the "optimized"
//    population-wise means and sds of the example;
//  - fixed_total_number connections, K_ab = round(PD14 eq. 1 * scale * k_scale), multapses,
//    no autapses (balnet's rule; NEST's example keeps NEST's default allow_autapses = true,
//    which adds ~1/N_a of the within-population synapses as autapses: ~1e-5 of them), with one
//    copy of static_synapse per source population (see synapse_model: the example's single
//    model cannot hold the full network on fewer than 3 virtual processes);
//  - PSC means from PSP 0.15 mV (87.81 pA; the example converts with its PSC/PSP factor,
//    balnet takes PD14's 87.8 pA), -4x from I sources, 2x L4E -> L23E, relative sd 0.1 redrawn
//    to keep the sign; delays 1.5 / 0.75 ms, relative sd 0.5, redrawn below dt/2 (then rounded
//    to the 0.1 ms grid by NEST);
//  - one poisson_generator per population at K_ext * 8 Hz connected all-to-all (every target
//    gets an independent train), weight 87.81 pA, delay 1.5 ms;
//  - scaled (k_scale < 1): weights / sqrt(k_scale) and the DC compensation I_e of
//    helpers.adjust_weights_and_input_to_synapse_scaling (van Albada et al. 2015).
// Spikes go to one spike_recorder per population in memory (the example writes ASCII files);
// rates are event counts / N / T over [warmup, warmup + T], as balnet's /analysis rates.
//
// usage: nest_microcircuit [scale=1] [k_scale=<scale>] [threads=1] [T=1000] [seed=55] [warmup=0]
// Prints (rank 0): build, sim and rtf seconds, the synapse count and one rate line per
// population; under mpirun the times are the slowest rank's, the counts summed over ranks.
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "config.h"
#include "nest.h"
#include "node_collection.h"
#include "parameter.h"
#ifdef HAVE_MPI
#include <mpi.h>
#endif

namespace {

constexpr int n_pop = 8;
using row = std::array<double, n_pop>;
const std::array<const char*, n_pop> names{"L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"};
const row full_size{20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948};
const row full_rates{0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829};  // [Hz] for the DC
const row k_ext{1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100};
const row v0_mean{-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43};
const row v0_sd{5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48};
const std::array<row, n_pop> conn_probs{{  // [target][source]
    {0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0},
    {0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0},
    {0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0},
    {0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0},
    {0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0},
    {0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0},
    {0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252},
    {0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443},
}};
constexpr double c_m = 250.0, tau_m = 10.0, tau_syn = 0.5, dt = 0.1, bg_rate = 8.0;

struct options {
    double scale = 1.0, k_scale = -1.0, T = 1000.0, warmup = 0.0;
    long threads = 1, seed = 55;
};

options parse(int argc, char** argv) {
    options o;
    std::map<std::string, std::string> kv;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto eq = a.find('=');
        if (eq == std::string::npos) throw std::invalid_argument("expected key=value, got '" + a + "'");
        kv[a.substr(0, eq)] = a.substr(eq + 1);
    }
    for (const auto& [k, v] : kv) {
        if (k == "scale") o.scale = std::stod(v);
        else if (k == "k_scale") o.k_scale = std::stod(v);
        else if (k == "T") o.T = std::stod(v);
        else if (k == "warmup") o.warmup = std::stod(v);
        else if (k == "threads") o.threads = std::stol(v);
        else if (k == "seed") o.seed = std::stol(v);
        else throw std::invalid_argument("unknown key '" + k + "' (scale, k_scale, threads, T, seed, warmup)");
    }
    if (o.k_scale < 0) o.k_scale = o.scale;
    if (!(o.scale > 0 && o.scale <= 1) || !(o.k_scale > 0 && o.k_scale <= 1) || !(o.T > 0) || o.warmup < 0 ||
        o.threads < 1)
        throw std::invalid_argument("need 0 < scale, k_scale <= 1, T > 0, warmup >= 0, threads >= 1");
    return o;
}

// helpers.postsynaptic_potential_to_current: the PSC [pA] whose PSP peaks at 1 mV.
double psc_over_psp() {
    const double sub = 1.0 / (tau_syn - tau_m);
    const double pre = tau_m * tau_syn / c_m * sub;
    const double frac = std::pow(tau_m / tau_syn, sub);
    return 1.0 / (pre * (std::pow(frac, tau_m) - std::pow(frac, tau_syn)));
}

// PD14 eq. 1 at full scale (helpers.num_synapses_from_conn_probs), unrounded.
double full_synapses(int a, int b) {
    const double prod = full_size[a] * full_size[b];
    return std::log(1.0 - conn_probs[a][b]) / std::log((prod - 1.0) / prod);
}

// The scaled network's numbers, as Network.__derive_parameters computes them.
struct derived {
    std::array<long, n_pop> size{};
    std::array<std::array<long, n_pop>, n_pop> synapses{};
    std::array<row, n_pop> w{};  // [pA]
    row dc{}, rate_ext{};
    double w_ext = 0;
};

derived derive(const options& o) {
    derived d;
    const double w = 0.15 * psc_over_psp(), k = o.k_scale;
    for (int a = 0; a < n_pop; ++a) {
        d.size[a] = std::lround(std::nearbyint(full_size[a] * o.scale));  // numpy round: half to even
        d.rate_ext[a] = bg_rate * std::nearbyint(k_ext[a] * k);
        double input_rec = 0;  // the full network's mean recurrent input [pA Hz]
        for (int b = 0; b < n_pop; ++b) {
            const double w_ab = (a == 0 && b == 2) ? 2 * w : (b % 2 == 0 ? w : -4 * w);
            d.synapses[a][b] = std::lround(std::nearbyint(full_synapses(a, b) * o.scale * k));
            d.w[a][b] = w_ab / std::sqrt(k);
            input_rec += w_ab * full_synapses(a, b) / full_size[a] * full_rates[b];
        }
        d.dc[a] = 1e-3 * tau_syn * (1.0 - std::sqrt(k)) * (input_rec + w * k_ext[a] * bg_rate);
    }
    d.w_ext = w / std::sqrt(k);
    return d;
}

Dictionary dict(std::initializer_list<std::pair<const char*, any_type>> items) {
    Dictionary d;
    for (const auto& [k, v] : items) d[k] = v;
    return d;
}

nest::ParameterPTR redrawn_normal(double mean, double sd, double lo, double hi) {
    auto normal = nest::create_parameter("normal", dict({{"mean", mean}, {"std", sd}}));
    return nest::redraw_parameter(normal, lo, hi);
}

std::vector<nest::NodeCollectionPTR> create_populations(const derived& d) {
    std::vector<nest::NodeCollectionPTR> pops;
    for (int a = 0; a < n_pop; ++a) {
        auto p = nest::create("iaf_psc_exp", d.size[a]);
        std::vector<Dictionary> params{dict({{"C_m", c_m}, {"tau_m", tau_m}, {"tau_syn_ex", tau_syn},
                                             {"tau_syn_in", tau_syn}, {"E_L", -65.0}, {"V_th", -50.0},
                                             {"V_reset", -65.0}, {"t_ref", 2.0}, {"I_e", d.dc[a]}})};
        nest::set_nc_status(p, params);
        std::vector<Dictionary> v0{dict({{"V_m", nest::create_parameter("normal", dict({{"mean", v0_mean[a]},
                                                                                        {"std", v0_sd[a]}}))}})};
        nest::set_nc_status(p, v0);
        pops.push_back(p);
    }
    return pops;
}

// One copy of static_synapse per source population: NEST holds at most 2^27 - 2 connections per
// virtual process and synapse model (MAX_LCID), and the full model has 3.0e8; with one model per
// source population (at most 9.3e7, from L23E) one virtual process suffices. Every neuron's
// outgoing synapses still have one model, so the delivery is the same as with one model.
std::string synapse_model(int b) { return std::string("static_synapse_") + names[b]; }

void connect_populations(const std::vector<nest::NodeCollectionPTR>& pops, const derived& d) {
    const double inf = std::numeric_limits<double>::infinity();
    for (int b = 0; b < n_pop; ++b) nest::copy_model("static_synapse", synapse_model(b), Dictionary());
    for (int a = 0; a < n_pop; ++a) {
        for (int b = 0; b < n_pop; ++b) {
            if (d.synapses[a][b] == 0) continue;
            const double w = d.w[a][b], delay = b % 2 == 0 ? 1.5 : 0.75;
            const auto conn = dict({{"rule", std::string("fixed_total_number")}, {"N", d.synapses[a][b]},
                                    {"allow_autapses", false}, {"allow_multapses", true}});
            const auto syn = dict({{"synapse_model", synapse_model(b)},
                                   {"weight", redrawn_normal(w, std::abs(0.1 * w), w < 0 ? -inf : 0.0,
                                                             w < 0 ? 0.0 : inf)},
                                   {"delay", redrawn_normal(delay, 0.5 * delay, 0.5 * dt, inf)}});
            nest::connect(pops[b], pops[a], conn, {syn});
        }
    }
}

// Poisson background and spike recorders; returns the recorders.
nest::NodeCollectionPTR connect_devices(const std::vector<nest::NodeCollectionPTR>& pops, const derived& d, double warmup) {
    auto poisson = nest::create("poisson_generator", n_pop);
    auto recorders = nest::create("spike_recorder", n_pop);
    const auto all = dict({{"rule", std::string("all_to_all")}});
    const auto element = [](const nest::NodeCollectionPTR& nc, long i) {  // 1-based, stop inclusive
        return nest::slice_nc(nc, i + 1, i + 1, 1);
    };
    for (int a = 0; a < n_pop; ++a) {
        nest::set_node_status((*poisson)[a], dict({{"rate", d.rate_ext[a]}}));
        nest::set_node_status((*recorders)[a], dict({{"start", warmup}}));
        const auto bg = dict({{"synapse_model", std::string("static_synapse")}, {"weight", d.w_ext},
                              {"delay", 1.5}});
        nest::connect(element(poisson, a), pops[a], all, {bg});
        nest::connect(pops[a], element(recorders, a), all,
                      {dict({{"synapse_model", std::string("static_synapse")}})});
    }
    return recorders;
}

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// The slowest rank's value (times) or the sum over ranks (counts).
double reduce(double v, bool sum) {
#ifdef HAVE_MPI
    double r = 0;
    MPI_Allreduce(&v, &r, 1, MPI_DOUBLE, sum ? MPI_SUM : MPI_MAX, MPI_COMM_WORLD);
    return r;
#else
    (void)sum;
    return v;
#endif
}

int run(const options& o) {
    const derived d = derive(o);
    nest::set_kernel_status(dict({{"local_num_threads", o.threads}, {"resolution", dt}, {"rng_seed", o.seed},
                                  {"print_time", false}}));
    const double t0 = now();
    const auto pops = create_populations(d);
    const auto recorders = connect_devices(pops, d, o.warmup);
    const double t1 = now();
    connect_populations(pops, d);
    const double t2 = now();
    nest::prepare();  // as the example: the presynaptic connection infrastructure is built here
    nest::cleanup();
    const double t3 = now();
    if (o.warmup > 0) nest::simulate(o.warmup);
    const double t4 = now();
    nest::simulate(o.T);
    const double t5 = now();

    const auto ks = nest::get_kernel_status();
    const double n_conn = reduce(static_cast<double>(ks.get<long>("num_connections")), true);
    double n_neurons = 0;
    for (const long s : d.size) n_neurons += s;
    std::array<double, n_pop> events{};
    for (int a = 0; a < n_pop; ++a)
        events[a] = reduce(static_cast<double>(nest::get_node_status((*recorders)[a]).get<long>("n_events")), true);
    const double create = reduce(t1 - t0, false), connect = reduce(t2 - t1, false), prep = reduce(t3 - t2, false);
    const double warm = reduce(t4 - t3, false), sim = reduce(t5 - t4, false);
    if (ks.get<long>("mpi_rank") != 0) return 0;
    std::printf("nest_microcircuit: NEST %s, %ld rank(s) x %ld thread(s), scale %g, k_scale %g, T %g ms, "
                "warmup %g ms, seed %ld\n",
                NEST_VERSION, ks.get<long>("num_processes"), o.threads, o.scale, o.k_scale, o.T, o.warmup, o.seed);
    std::printf("neurons %.0f synapses %.0f (num_connections %.0f, less %.0f to and from devices)\n", n_neurons,
                n_conn - 2 * n_neurons, n_conn, 2 * n_neurons);
    std::printf("create %.3f s connect %.3f s prepare %.3f s warmup %.3f s\n", create, connect, prep, warm);
    std::printf("build %.3f s sim %.3f s rtf %.4f\n", create + connect + prep, sim, sim / (o.T * 1e-3));
    for (int a = 0; a < n_pop; ++a)
        std::printf("rate %s %.6g Hz (%.0f spikes, N %ld)\n", names[a], events[a] / d.size[a] / (o.T * 1e-3),
                    events[a], d.size[a]);
    std::fflush(stdout);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    options o;
    try {
        o = parse(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "nest_microcircuit: %s\n", e.what());
        return 2;
    }
    nest::init_nest(&argc, &argv);
    int rc = 0;
    try {
        rc = run(o);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "nest_microcircuit: NEST error: %s\n", e.what());
        rc = 1;
    }
    nest::shutdown_nest(rc);
    return rc;
}
