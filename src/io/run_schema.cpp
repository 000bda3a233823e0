// SPDX-License-Identifier: BSD-3-Clause
// The schema of `balnet run`: every key of docs/models.md Part 1, one function per section, then the
// cross-key rules. A later model family (lif, scn) adds its choice to run.model and its own
// sections with `applies_if = {{"run.model", {"lif"}}}`; the rate-only sections below carry
// the matching condition on "rate", so a rate key given to another model is an error.
#include <balnet/io/config_schema.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <sstream>
#include <utility>
#include <vector>

#include <balnet/core/error.hpp>
#include <balnet/io/config.hpp>

namespace balnet {
namespace {

constexpr range_bound incl(double v) { return {v, true}; }
constexpr range_bound excl(double v) { return {v, false}; }
const double two_63 = std::ldexp(1.0, 63);
const double two_32_1 = std::ldexp(1.0, 32) - 1;

const key_condition rate_model{"run.model", {"rate"}};
const key_condition inhibitory_net{"network.type", {"inhibitory"}};

// Adds a key that only rate networks use: given to another model family it is an error.
void add_rate(config_schema& s, key_spec k) {
    k.applies_if.push_back(rate_model);
    s.add(std::move(k));
}
const key_condition ei_net{"network.type", {"ei"}};
/// The paper's parametrisation by keys, not a network file (network.type = file).
const key_condition keyed_net{"network.type", {"inhibitory", "ei"}};
const key_condition file_net{"network.type", {"file"}};

key_spec number(std::string key, value_kind kind, std::string def, std::string unit,
                std::optional<range_bound> lo, std::optional<range_bound> hi, std::string help,
                std::vector<key_condition> when = {}) {
    key_spec s;
    s.key = std::move(key);
    s.kind = kind;
    s.default_value = std::move(def);
    s.unit = std::move(unit);
    s.lower = lo;
    s.upper = hi;
    s.help = std::move(help);
    s.applies_if = std::move(when);
    return s;
}

key_spec choice(std::string key, std::string def, std::vector<std::string> choices,
                std::string help, std::vector<key_condition> when = {}) {
    key_spec s;
    s.key = std::move(key);
    s.kind = value_kind::choice;
    s.default_value = std::move(def);
    s.choices = std::move(choices);
    s.help = std::move(help);
    s.applies_if = std::move(when);
    return s;
}

key_spec plain(std::string key, value_kind kind, std::string def, std::string help) {
    key_spec s;
    s.key = std::move(key);
    s.kind = kind;
    s.default_value = std::move(def);
    s.help = std::move(help);
    return s;
}

key_spec only_if(key_spec k, key_condition c) {
    k.applies_if.push_back(std::move(c));
    return k;
}

std::string show(double v) {
    std::ostringstream o;
    o.precision(10);
    o << v;
    return o.str();
}

void add_run_section(config_schema& s) {
    const auto I = value_kind::integer;
    const auto R = value_kind::real;
    s.add(choice("run.model", "rate", {"rate", "lif", "scn"}, "model family: rate network, LIF spiking network ([lif] sections), or spike-coding network ([scn] sections)"));
    s.add(number("run.seed", I, "1", "1", incl(0), excl(two_63),
                 "seeds the network (connectivity and weights)"));
    add_rate(s, number("run.init_seed", I, "-1", "1", incl(-1), excl(two_63),
                 "seeds the initial state; -1 = same as run.seed"));
    // Trials: spiking models only (a rate network has no noise; its initial state is run.init_seed).
    const key_condition spiking{"run.model", {"lif", "scn"}};
    s.add(number("run.trial", I, "0", "1", incl(0), excl(two_32_1),
                 "trial index: the noise (external Poisson drive, voltage noise) and the initial state are "
                 "keyed by (run.seed, run.trial), the network (graph, weights, delays, SCN decoder, signal, "
                 "knock-out set) by run.seed alone; trial 0 is keyed by run.seed itself (the bits of a run "
                 "without trials). Trials of a scan: vary run.trial (docs/models.md 2.5.3)",
                 {spiking}));
    s.add(number("run.trials", I, "1", "1", incl(1), incl(1e6),
                 "trials run.trial ... run.trial + run.trials - 1 of the same network, one after another: "
                 "the first with every output, each later one's spikes in /trials/<k>/spikes/<population> "
                 "(the same bits as a run with run.trial = k), the statistics across trials in "
                 "/analysis/trials (docs/output-layout.md); > 1 only without checkpoint.every and --resume",
                 {spiking}));
    s.add(number("trials.bin", R, "50", "ms", incl(0), incl(1e9),
                 "count bins of the statistics across trials (run.trials > 1): consecutive bins from the "
                 "analysis window's start, whole bins only; 0 = the whole window as one bin; a multiple of "
                 "the step, at most the window (docs/models.md 2.5.3)",
                 {spiking}));
    add_rate(s, number("run.T", R, "2000", "tau", excl(0), incl(1e9), "recorded duration"));
    add_rate(s, number("run.warmup", R, "10", "tau", incl(0), incl(1e9),
                 "discarded warm-up (floor(warmup/dt) steps)"));
    add_rate(s, number("run.dt", R, "0.02", "tau", excl(0), incl(1), "integration time step"));
    s.add(choice("run.integrator", "euler", {"euler", "ts"},
                 "forward Euler, or PETSc TS (type from petsc.options)", {rate_model}));
    s.add(plain("run.memory_check", value_kind::boolean, "true",
                "refuse a run whose estimated peak memory (balnet describe) exceeds what the "
                "node has available (MemAvailable summed over the node's ranks); every model"));
}

void add_network_section(config_schema& s) {
    const auto I = value_kind::integer;
    add_rate(s, choice("network.type", "inhibitory", {"inhibitory", "ei", "file"},
                 "one inhibitory population, or excitatory + inhibitory (the paper's keys below), or any "
                 "network of populations and projections in the file network.file (docs/models.md 1.2.4)"));
    add_rate(s, only_if(plain("network.file", value_kind::string, "",
                 "the rate network file (INI: [population.<name>] and [projection.<source>.<target>] "
                 "sections, docs/models.md 1.2.4); a relative path is relative to the working directory"),
                 file_net));
    add_rate(s, number("run.init_sd", value_kind::real, "1", "1", incl(0), excl(1e6),
                 "network.type = file: the initial state x(0) = init_sd N(0,1) (the keyed networks take "
                 "weights.g or weights.g_ii)", {file_net}));
    add_rate(s, number("network.N", I, "1000", "1", incl(1), incl(two_32_1), "number of units", {keyed_net}));
    add_rate(s, number("network.K", I, "1000", "1", incl(1), incl(two_32_1),
                 "in-degree; K <= N", {keyed_net}));
    add_rate(s, choice("network.connectivity", "fixed_indegree", {"full", "bernoulli", "fixed_indegree"},
                 "which synapses exist (full requires K = N)", {keyed_net}));
    add_rate(s, number("network.rho_e", value_kind::real, "0.5", "1", excl(0), excl(1),
                 "excitatory fraction of units and of in-degree", {ei_net}));
    add_rate(s, only_if(plain("network.autapses", value_kind::boolean, "true", "self-connections allowed"), keyed_net));
    add_rate(s, choice("network.coupling", "double", {"double", "float", "compact", "procedural"},
                 "storage of the coupling weights in the Euler kernel: double (12 B/synapse), "
                 "float (8 B/synapse; sums stay double), compact (6 B/synapse: float weights, "
                 "16-bit column offsets; the float product bit for bit) or procedural (nothing "
                 "stored: every row is redrawn from its random streams in each product, the same "
                 "network bit for bit); only double with run.integrator = ts"));
    add_rate(s, choice("network.product", "auto", {"auto", "dense", "sparse"},
                 "the Euler kernel's coupling product: dense (every synapse in each product) or "
                 "sparse (only the synapses of active units, phi != 0, and only their values "
                 "exchanged between ranks; bitwise the dense result; needs run.integrator = euler "
                 "and network.coupling = double or float); auto: sparse where possible unless "
                 "response.function = exp (no exact zeros), dense otherwise"));
}

void add_weights_section(config_schema& s) {
    const auto R = value_kind::real;
    s.add(choice("weights.distribution", "gamma", {"gamma", "lognormal", "normal", "bernoulli"},
                 "distribution of weight magnitudes (docs/models.md 1.2.2)", {rate_model, keyed_net}));
    s.add(number("weights.nu", R, "0.5", "1", excl(0), incl(2),
                 "std exponent: sigma = g K^(-nu/2)", {rate_model, keyed_net}));
    s.add(number("weights.scale_bias", R, "0", "1", incl(-2), incl(2),
                 "bias exponent scaleI: bias = I K^scaleI", {rate_model, keyed_net}));
    s.add(number("weights.J0", R, "2", "1", excl(0), excl(1e6),
                 "mean weight J0 K^(-1/2)", {rate_model, inhibitory_net}));
    s.add(number("weights.g", R, "2", "1", incl(0), excl(1e6),
                 "weight std g K^(-nu/2); also the initial-state std", {rate_model, inhibitory_net}));
    const char* blocks[] = {"ee", "ei", "ie", "ii"};
    const char* mean_defaults[] = {"1", "2", "1", "1.2"};
    for (int b = 0; b < 4; ++b)
        s.add(number(std::string("weights.J_") + blocks[b], R, mean_defaults[b], "1", excl(0),
                     excl(1e6), std::string("mean weight of block ") + blocks[b] +
                                    " (target, source), times K_source^(-1/2)",
                     {rate_model, ei_net}));
    for (int b = 0; b < 4; ++b)
        s.add(number(std::string("weights.g_") + blocks[b], R, "1", "1", incl(0), excl(1e6),
                     std::string("weight std of block ") + blocks[b] + ", times K_source^(-nu/2)",
                     {rate_model, ei_net}));
}

void add_input_section(config_schema& s) {
    const auto R = value_kind::real;
    s.add(number("input.I0", R, "1", "1", excl(-1e6), excl(1e6), "bias current",
                 {rate_model, inhibitory_net}));
    s.add(number("input.I_E", R, "2", "1", excl(-1e6), excl(1e6), "bias of E units",
                 {rate_model, ei_net}));
    s.add(number("input.I_I", R, "1", "1", excl(-1e6), excl(1e6), "bias of I units",
                 {rate_model, ei_net}));
}

void add_response_section(config_schema& s) {
    s.add(choice("response.function", "rect_tanh",
                 {"rect_tanh", "rect_linear", "rect_power", "heaviside", "exp"},
                 "response function phi (docs/models.md 1.3)", {rate_model}));
    s.add(number("response.power", value_kind::real, "2", "1", excl(0), incl(10),
                 "exponent of rect_power", {rate_model, {"response.function", {"rect_power"}}}));
}

void add_record_section(config_schema& s) {
    add_rate(s, number("record.units", value_kind::integer, "1000", "1", incl(0), incl(two_32_1),
                 "recorded subset size (ACF, traces); min(units, N) is used"));
    add_rate(s, number("record.dt", value_kind::real, "0.02", "tau", excl(0), incl(1e6),
                 "sampling interval; a positive integer multiple of run.dt"));
    add_rate(s, number("record.ncorr", value_kind::real, "40", "tau", excl(0), incl(1e6),
                 "maximum ACF lag; < run.T"));
}

void add_output_section(config_schema& s) {
    s.add(plain("output.file", value_kind::output_path, "balnet_run.h5", "the run's HDF5 file"));
    key_spec units = number("output.trace_units", value_kind::integer, "min(100, record.units)",
                            "1", incl(0), incl(two_32_1), "units whose traces are stored; <= record.units");
    // 100, but never more than record.units: lowering record.units alone stays valid.
    units.derive_default = [](const config& c) {
        return std::to_string(std::min<std::int64_t>(100, c.integer("record.units")));
    };
    add_rate(s, std::move(units));
    add_rate(s, number("output.trace_dt", value_kind::real, "0.2", "tau", excl(0), incl(1e6),
                 "trace sampling interval; a multiple of record.dt"));
    // The keys of the observers of every spiking run are added by analysis/observer_set.cpp.
    const key_condition spiking{"run.model", {"lif", "scn"}};
    // Spiking runs stream their spikes into the file; a run holds at most one interval of them.
    s.add(number("output.flush_interval", value_kind::real, "100", "ms", excl(0), incl(1e9),
                 "spikes are written to output.file (and the file flushed to disk) at the first "
                 "chunk end after every multiple of this interval; memory holds at most one interval's spikes",
                 {spiking}));
    s.add(number("output.sync_interval", value_kind::real, "60", "s", incl(0), incl(1e9),
                 "wall-clock time between pushes of output.file to disk (H5Fflush, an fsync) at a spike flush; "
                 "also at every checkpoint and at the end. A run killed in between leaves a file with at "
                 "least the spikes up to its attribute steps_flushed. 0 = at every flush (slow: tens of ms each)",
                 {spiking}));
    s.add(number("output.progress_interval", value_kind::real, "60", "s", incl(0), incl(1e9),
                 "when stderr is not a terminal (mpirun, SLURM logs): a progress line (percent, steps/s, ETA, "
                 "peak memory) at every 10 % of the run and every this many seconds, once the run has taken 2 s; "
                 "0 = none. On a terminal (or with --progress) one line is refreshed in place instead"));
}

void add_misc_sections(config_schema& s) {
    s.add(plain("meanfield.enabled", value_kind::boolean, "false",
                "also compute the mean-field prediction into the output file"));
    s.add(number("meanfield.beta", value_kind::real, "0", "1/tau", incl(0), incl(1e6),
                 "balnet mft: decorrelation rate for the telegraph and moment-gamma closures; "
                 "0 = skip them (balnet run uses the beta it measured)"));
    s.add(plain("meanfield.beta_from", value_kind::string, "",
                "balnet mft: take beta from /analysis/beta of this earlier run file"));
    s.add(plain("meanfield.file", value_kind::string, "",
                "balnet mft: also write the predictions to this HDF5 file (/meanfield)"));
    add_rate(s, plain("petsc.options", value_kind::string, "",
                "options passed to PETSc, e.g. \"-ts_type rk\""));
    // Models with checkpoint/restart (a model added to this list must resume bitwise).
    const key_condition checkpointed{"run.model", {"rate", "lif", "scn"}};
    s.add(number("checkpoint.every", value_kind::real, "0", "tau (rate) or ms (lif, scn)", incl(0),
                 incl(1e9), "checkpoint interval; 0 = only when stopped by SIGTERM/SIGUSR1", {checkpointed}));
    key_spec file = plain("checkpoint.file", value_kind::output_path, "<output.file>.ckpt.h5",
                          "checkpoint file");
    file.derive_default = [](const config& c) { return c.string("output.file") + ".ckpt.h5"; };
    file.applies_if = {checkpointed};
    s.add(std::move(file));
}

// ---- cross-key rules -------------------------------------------------------------------------

/// Julia's round (ties to even) of N - N*rho_e, as docs/models.md 1.4: the inhibitory share.
std::int64_t inhibitory_share(std::int64_t n, double rho_e) {
    return static_cast<std::int64_t>(std::nearbyint(static_cast<double>(n) - static_cast<double>(n) * rho_e));
}

// network.type = file: the file is named, and the mean-field theory (the paper's N, K, J, g, nu) is
// not asked for.
void check_rate_file(const config& c) {
    if (!c.applies("network.file")) return;
    if (c.string("network.file").empty())
        throw config_error("network.file", "(empty)", "the path of a rate network file for network.type = file");
    if (c.boolean("meanfield.enabled"))
        throw config_error("meanfield.enabled", "true",
                           "false for network.type = file (the mean-field theory reads the keyed network: "
                           "network.N, network.K and the weights keys)");
}

void check_network(const config& c) {
    if (!c.applies("network.N")) return;  // not a keyed rate network
    const std::int64_t n = c.integer("network.N");
    const std::int64_t k = c.integer("network.K");
    if (k > n)
        throw config_error("network.K", std::to_string(k),
                           "K <= network.N (here network.N = " + std::to_string(n) + ")");
    if (c.string("network.connectivity") == "full" && k != n)
        throw config_error("network.K", std::to_string(k),
                           "K = network.N = " + std::to_string(n) + " for network.connectivity = full");
    if (c.string("network.type") != "ei") return;
    const double rho = c.real("network.rho_e");
    const std::int64_t ni = inhibitory_share(n, rho), ki = inhibitory_share(k, rho);
    const std::int64_t ne = n - ni, ke = k - ki;
    if (ne < 1 || ni < 1 || ke < 1 || ki < 1)
        throw config_error("network.rho_e", c.string("network.rho_e"),
                           "a split with N_E, N_I, K_E, K_I >= 1 (here N_E = " + std::to_string(ne) +
                               ", N_I = " + std::to_string(ni) + ", K_E = " + std::to_string(ke) +
                               ", K_I = " + std::to_string(ki) + ")");
    if (ke > ne || ki > ni)
        throw config_error("network.K", std::to_string(k),
                           "K_E <= N_E and K_I <= N_I (here K_E = " + std::to_string(ke) +
                               ", N_E = " + std::to_string(ne) + ", K_I = " + std::to_string(ki) +
                               ", N_I = " + std::to_string(ni) + ")");
}

/// (key of the mean weight, its in-degree K_b, key of its std) for every block.
struct block_keys {
    std::string mean, std;
    std::int64_t k;
};

std::vector<block_keys> weight_blocks(const config& c) {
    const std::int64_t k = c.integer("network.K");
    if (c.string("network.type") != "ei") return {{"weights.J0", "weights.g", k}};
    const std::int64_t ki = inhibitory_share(k, c.real("network.rho_e"));
    const std::int64_t ke = k - ki;
    return {{"weights.J_ee", "weights.g_ee", ke}, {"weights.J_ei", "weights.g_ei", ki},
            {"weights.J_ie", "weights.g_ie", ke}, {"weights.J_ii", "weights.g_ii", ki}};
}

void check_weights(const config& c) {
    if (!c.applies("weights.distribution")) return;
    const std::string dist = c.string("weights.distribution");
    for (const auto& b : weight_blocks(c)) {
        const double mean = c.real(b.mean) / std::sqrt(static_cast<double>(b.k));
        if (dist == "bernoulli" && mean > 1.0)
            throw config_error(b.mean, c.string(b.mean),
                               "a mean weight " + b.mean.substr(8) + " * K^(-1/2) <= 1 for " +
                                   "bernoulli weights (here K = " + std::to_string(b.k) +
                                   ", mean = " + show(mean) + ")");
        if ((dist == "gamma" || dist == "lognormal") && !(c.real(b.std) > 0.0))
            throw config_error(b.std, c.string(b.std), "> 0 for " + dist + " weights");
    }
}

/// |a - n b| <= 1e-9 a for a positive integer n.
bool is_multiple(double a, double b) {
    const double n = std::round(a / b);
    return n >= 1.0 && std::fabs(a - n * b) <= 1e-9 * a;
}

void check_sampling(const config& c) {
    if (!c.applies("record.dt")) return;  // not a rate network
    if (!is_multiple(c.real("record.dt"), c.real("run.dt")))
        throw config_error("record.dt", c.string("record.dt"),
                           "a positive integer multiple of run.dt = " + c.string("run.dt"));
    if (!(c.real("record.ncorr") >= c.real("record.dt") * (1 - 1e-12)))  // floor(ncorr / record.dt) lags
        throw config_error("record.ncorr", c.string("record.ncorr"),
                           ">= record.dt = " + c.string("record.dt") + " (at least one ACF lag), and < run.T");
    if (!(c.real("record.ncorr") < c.real("run.T")))
        throw config_error("record.ncorr", c.string("record.ncorr"),
                           "< run.T = " + c.string("run.T"));
    if (c.integer("output.trace_units") > c.integer("record.units"))
        throw config_error("output.trace_units", c.string("output.trace_units"),
                           "<= record.units = " + c.string("record.units"));
    if (!is_multiple(c.real("output.trace_dt"), c.real("record.dt")))
        throw config_error("output.trace_dt", c.string("output.trace_dt"),
                           "a positive integer multiple of record.dt = " + c.string("record.dt"));
}

// ---- LIF networks (docs/models.md §2.2, §2.5): [lif], [lif_analysis], [lif_output] -------------

const key_condition lif_model{"run.model", {"lif"}};
const key_condition exp_neuron{"lif.neuron", {"cuba", "coba"}};
const key_condition coba_neuron{"lif.neuron", {"coba"}};
// The topology comes from lif.network, whatever the neuron model (docs/models.md §2.3.4).
const key_condition brunel_network{"lif.network", {"A", "general"}};
const key_condition brette_network{"lif.network", {"brette"}};
const key_condition key_network{"lif.network", {"A", "general", "brette"}};  // not a network file
const key_condition file_network{"lif.network", {"file"}};

// A [lif] key of Brunel's two-population networks (model A, its feed-forward check, general).
key_spec brunel_only(key_spec k) {
    k.applies_if.push_back(brunel_network);
    return k;
}

// A [lif] key of the networks given by keys whose Brette-benchmark default is docs/models.md
// §2.3's value.
key_spec per_neuron(key_spec k, const std::string& exp_default, bool keys_only = true) {
    const std::string d = k.default_value.value_or("");
    k.default_value = d + " (lif.network = A, general, file), " + exp_default + " (brette)";
    k.derive_default = [d, exp_default](const config& c) { return c.string("lif.network") == "brette" ? exp_default : d; };
    if (keys_only) k.applies_if.push_back(key_network);
    return k;
}

// ---- lif.network = general: Brunel's model B and any E/I network (docs/models.md §2.2.4) ----------
// Population a in {e, i} (the target), projection ab = onto a from b ("ei": onto E from I).
// Every key defaults to what model A gives from the shortcut keys, written as the shortest text
// that reads back as the same double, so that a general config overriding nothing builds model
// A's network bit for bit (the defaults are derived, hence not range-checked: check_lif_general
// checks the resolved values).

const key_condition general_network{"lif.network", {"general"}};

std::string exact(double v) {
    char b[64];
    const auto r = std::to_chars(b, b + sizeof b, v);  // shortest round-trip form
    return std::string(b, r.ptr);
}

// A general key whose default is derive(config); `shown` is the default's text in --help.
key_spec general_key(key_spec k, std::string shown, std::function<std::string(const config&)> derive) {
    k.applies_if = {lif_model, general_network};
    k.default_value = std::move(shown);
    k.derive_default = std::move(derive);
    return k;
}

// The same value as the shortcut key `from`.
key_spec general_copy(key_spec k, const std::string& from) {
    return general_key(std::move(k), from, [from](const config& c) { return c.string(from); });
}

// model A: nu_ext = eta nu_thr, nu_thr = theta / (J C_E tau_m) in Hz (brunel_model_a's expression).
std::string model_a_nu_ext(const config& c) {
    const double nu_thr = 1000.0 * c.real("lif.theta") /
                          (c.real("lif.j") * static_cast<double>(c.integer("lif.c_e")) * c.real("lif.tau_m"));
    return exact(c.real("lif.eta") * nu_thr);
}

void add_lif_general_keys(config_schema& s) {
    const auto I = value_kind::integer;
    const auto R = value_kind::real;
    const auto real = [R](const std::string& key, std::string unit, range_bound lo, range_bound hi, std::string help) {
        return number("lif." + key, R, "", std::move(unit), lo, hi, std::move(help));
    };
    const auto count = [I](const std::string& key, std::string help) {
        return number("lif." + key, I, "", "1", incl(0), incl(two_32_1), std::move(help));
    };
    const auto name = [](const std::string& a) { return std::string(a == "e" ? "E" : "I"); };
    for (const std::string a : {"e", "i"}) {
        const std::string pop = name(a);
        s.add(general_copy(real("tau_m_" + a, "ms", excl(0), excl(1e6), "membrane time constant tau_" + pop), "lif.tau_m"));
        s.add(general_copy(real("theta_" + a, "mV", excl(-1e6), excl(1e6), "threshold theta_" + pop + " (relative to rest)"),
                           "lif.theta"));
        s.add(general_copy(real("v_reset_" + a, "mV", excl(-1e6), excl(1e6), "reset V_r," + pop + ", < lif.theta_" + a),
                           "lif.v_reset"));
        s.add(general_copy(real("t_ref_" + a, "ms", incl(0), excl(1e6), "absolute refractory period of " + pop), "lif.t_ref"));
    }
    for (const std::string a : {"e", "i"}) {
        for (const std::string b : {"e", "i"}) {
            const std::string ab = a + b, AB = name(a) + name(b), what = " onto " + name(a) + " from " + name(b);
            s.add(general_copy(count("k_" + ab, "in-degree K_" + AB + what + " (fixed)"), b == "e" ? "lif.c_e" : "lif.c_i"));
            if (b == "e")
                s.add(general_copy(real("j_" + ab, "mV", excl(0), excl(1e3), "jump J_" + AB + what + ", > 0"), "lif.j"));
            else
                s.add(general_key(real("j_" + ab, "mV", excl(-1e3), incl(0), "jump J_" + AB + what + ", <= 0"), "-lif.g * lif.j",
                                  [](const config& c) { return exact(-(c.real("lif.g") * c.real("lif.j"))); }));
            s.add(general_copy(real("d_" + ab, "ms", excl(0), excl(1e5), "delay D_" + AB + what + ", >= lif.dt"), "lif.delay"));
        }
    }
    for (const std::string a : {"e", "i"}) {
        const std::string pop = name(a);
        s.add(general_copy(count("k_ext_" + a, "external Poisson trains K_" + pop + ",ext onto " + pop +
                                                   " (one train of rate K_ext nu_ext in the engine)"), "lif.c_e"));
        s.add(general_copy(real("j_ext_" + a, "mV", excl(0), excl(1e3), "jump J_" + pop + ",ext per external spike onto " + pop),
                           "lif.j"));
        s.add(general_key(real("nu_ext_" + a, "Hz", incl(0), excl(1e6),
                               "rate nu_" + pop + ",ext of each external train onto " + pop),
                          "lif.eta nu_thr, nu_thr = lif.theta / (lif.j lif.c_e lif.tau_m)", model_a_nu_ext));
    }
}

void add_lif_section(config_schema& s) {
    const auto I = value_kind::integer;
    const auto R = value_kind::real;
    s.add(choice("lif.neuron", "delta", {"delta", "cuba", "coba"},
                 "neuron model: delta synapses (docs/models.md 2.2), or exponential currents (cuba) or conductances "
                 "(coba), docs/models.md 2.3, on the network lif.network names; a network file and the microcircuit "
                 "name their own",
                 {lif_model}));
    s.add(choice("lif.mode", "network", {"network", "feedforward"},
                 "recurrent network (Brunel model A, or lif.network = general), or model A's feed-forward "
                 "check (docs/models.md 2.2.7): no recurrent synapses, independent Poisson input at the rate lif.ff_rate",
                 {lif_model}));
    key_spec network = choice("lif.network", "", {"A", "general", "brette", "file", "microcircuit"},
                 "the topology, whatever lif.neuron: A: Brunel's model A from the shortcut keys below (one J, g, eta, "
                 "delay, identical E and I neurons); general: any two-population E/I network, Brunel's model B among "
                 "them (docs/models.md 2.2.4), with per-population and per-projection keys lif.tau_m_e ... "
                 "lif.nu_ext_i, each defaulting to model A's value from the shortcut keys; brette: the Brette et al. "
                 "2007 benchmark network (Bernoulli lif.p, weights lif.w_e, lif.w_i, no external drive); file: any "
                 "network of populations and projections in the network file lif.network_file (docs/models.md 2.6); "
                 "microcircuit: Potjans & Diesmann (2014), 8 populations with their own exponential-current neurons and "
                 "parameters (docs/models.md 2.7), sized by lif.scale and lif.k_scale",
                 {lif_model});
    network.default_value = "A (lif.neuron = delta), brette (cuba, coba)";
    network.derive_default = [](const config& c) { return c.string("lif.neuron") == "delta" ? "A" : "brette"; };
    s.add(std::move(network));
    key_spec file = plain("lif.network_file", value_kind::string, "",
                          "the network file (INI: [population.<name>] and [projection.<source>.<target>] sections, "
                          "docs/models.md 2.6); a relative path is relative to the working directory");
    file.applies_if = {lif_model, file_network};
    s.add(std::move(file));
    const std::vector<key_condition> microcircuit_keys{lif_model, {"lif.network", {"microcircuit"}}};
    s.add(number("lif.scale", R, "1", "1", excl(0), incl(1),
                 "microcircuit: neurons relative to the full-scale model (77 169 neurons); total synapse numbers "
                 "scale with lif.scale * lif.k_scale, so in-degrees with lif.k_scale", microcircuit_keys));
    s.add(number("lif.k_scale", R, "1", "1", excl(0), incl(1),
                 "microcircuit: in-degrees relative to the full-scale model; below 1, weights grow by "
                 "1/sqrt(lif.k_scale) and a DC current restores the mean input (van Albada et al. 2015)",
                 microcircuit_keys));
    s.add(per_neuron(number("lif.n_e", I, "10000", "1", incl(1), incl(two_32_1), "excitatory neurons N_E", {lif_model}), "3200"));
    s.add(per_neuron(number("lif.n_i", I, "2500", "1", incl(0), incl(two_32_1),
                 "inhibitory neurons N_I; 0 only with lif.mode = feedforward", {lif_model}), "800"));
    s.add(brunel_only(number("lif.c_e", I, "1000", "1", incl(1), incl(two_32_1),
                 "excitatory in-degree C_E (also C_ext, the external Poisson trains)", {lif_model})));
    s.add(brunel_only(number("lif.c_i", I, "250", "1", incl(0), incl(two_32_1), "inhibitory in-degree C_I", {lif_model})));
    s.add(brunel_only(number("lif.j", R, "0.1", "mV", excl(0), excl(1e3), "excitatory jump J (inhibitory: -g J)", {lif_model})));
    s.add(brunel_only(number("lif.g", R, "5", "1", incl(0), excl(1e3), "relative inhibition g", {lif_model})));
    s.add(brunel_only(number("lif.eta", R, "2", "1", incl(0), excl(1e6),
                 "external rate nu_ext / nu_thr, nu_thr = theta / (J C_E tau_m)", {lif_model})));
    s.add(brunel_only(number("lif.delay", R, "1.5", "ms", excl(0), excl(1e5), "transmission delay D, >= lif.dt", {lif_model})));
    s.add(brunel_only(number("lif.delay_max", R, "0", "ms", incl(0), excl(1e5),
                 "0: every synapse of a projection has its delay (lif.delay, or lif.d_ab); > every such delay D: "
                 "each synapse's delay is drawn uniformly from the grid steps [round(D / dt), round(delay_max / dt)], "
                 "keyed by the synapse (docs/models.md 2.2.1)", {lif_model})));
    s.add(number("lif.dt", R, "0.1", "ms", excl(0), incl(10), "grid step h", {lif_model}));
    s.add(number("lif.tau_m", R, "20", "ms", excl(0), excl(1e6), "membrane time constant", {lif_model, key_network}));
    s.add(per_neuron(number("lif.theta", R, "20", "mV", excl(-1e6), excl(1e6),
                 "threshold (delta: relative to rest; cuba, coba: absolute)", {lif_model}), "-50"));
    s.add(per_neuron(number("lif.v_reset", R, "10", "mV", excl(-1e6), excl(1e6), "reset potential, < lif.theta", {lif_model}), "-60"));
    s.add(per_neuron(number("lif.t_ref", R, "2", "ms", incl(0), excl(1e6), "absolute refractory period", {lif_model}), "5"));
    s.add(per_neuron(number("lif.T", R, "1200", "ms", excl(0), incl(1e9), "simulated duration (warm-up included)", {lif_model}), "1000", false));
    s.add(per_neuron(number("lif.warmup", R, "200", "ms", incl(0), incl(1e9), "discarded warm-up, < lif.T", {lif_model}), "0", false));
    for (const auto& [key, help] : {std::pair{"lif.multapses", "sources drawn with replacement"},
                                    std::pair{"lif.autapses", "a neuron may be its own source"}}) {
        key_spec flag = plain(key, value_kind::boolean, "true", help);
        flag.applies_if = {lif_model};
        flag.applies_if.push_back(std::string(key) == "lif.multapses" ? brunel_network : key_network);  // brette: Bernoulli
        s.add(std::move(flag));
    }
    s.add(number("lif.ff_rate", R, "-1", "Hz", incl(-1), excl(1e6),
                 "feed-forward input rate nu_in; -1 = the Siegert self-consistent rate",
                 {lif_model, {"lif.mode", {"feedforward"}}}));
    add_lif_general_keys(s);
}

// The cuba and coba keys (docs/models.md §2.3): defaults are Brette et al.'s parameters.
void add_lif_exp_section(config_schema& s) {
    const auto R = value_kind::real;
    const std::vector<key_condition> exp_keys{lif_model, exp_neuron, key_network}, coba_keys{lif_model, coba_neuron, key_network},
        brette_keys{lif_model, exp_neuron, brette_network}, brette_coba{lif_model, coba_neuron, brette_network};
    auto by_model = [](key_spec k, std::string cuba, std::string coba) {
        k.default_value = cuba + " (cuba), " + coba + " (coba)";
        k.derive_default = [cuba, coba](const config& c) { return c.string("lif.neuron") == "cuba" ? cuba : coba; };
        return k;
    };
    s.add(number("lif.p", R, "0.02", "1", excl(0), incl(1),
                 "connection probability of every ordered (source, target) pair (Bernoulli)", brette_keys));
    s.add(number("lif.tau_e", R, "5", "ms", excl(0), excl(1e6), "decay time of g_e", exp_keys));
    s.add(number("lif.tau_i", R, "10", "ms", excl(0), excl(1e6), "decay time of g_i", exp_keys));
    key_spec e_l = number("lif.E_L", R, "", "mV", excl(-1e6), excl(1e6), "leak reversal potential E_L", exp_keys);
    e_l.default_value = "-49 (brette, cuba), -60 (brette, coba), 0 (A, general: potentials relative to rest)";
    e_l.derive_default = [](const config& c) {
        if (c.string("lif.network") != "brette") return std::string("0");
        return std::string(c.string("lif.neuron") == "cuba" ? "-49" : "-60");
    };
    s.add(std::move(e_l));
    s.add(by_model(number("lif.w_e", R, "", "mV (cuba) or g_L (coba)", excl(-1e6), excl(1e6),
                          "increment of g_e per excitatory spike; >= 0", brette_keys), "1.62", "0.6"));
    s.add(by_model(number("lif.w_i", R, "", "mV (cuba) or g_L (coba)", excl(-1e6), excl(1e6),
                          "increment of g_i per inhibitory spike; cuba <= 0 (a current), coba >= 0 (a conductance)",
                          brette_keys), "-9", "6.7"));
    s.add(number("lif.E_e", R, "0", "mV", excl(-1e6), excl(1e6), "excitatory reversal potential, > lif.theta", coba_keys));
    s.add(number("lif.E_i", R, "-80", "mV", excl(-1e6), excl(1e6), "inhibitory reversal potential, < lif.theta", coba_keys));
    s.add(number("lif.v0_mean", R, "-65", "mV", excl(-1e6), excl(1e6), "v(0) ~ N(v0_mean, v0_sd^2)", brette_coba));
    s.add(number("lif.v0_sd", R, "5", "mV", incl(0), excl(1e6), "SD of v(0)", brette_coba));
    s.add(number("lif.ge0_mean", R, "4", "g_L", excl(-1e6), excl(1e6), "g_e(0) ~ N(ge0_mean, ge0_sd^2)", brette_coba));
    s.add(number("lif.ge0_sd", R, "1.5", "g_L", incl(0), excl(1e6), "SD of g_e(0)", brette_coba));
    s.add(number("lif.gi0_mean", R, "20", "g_L", excl(-1e6), excl(1e6), "g_i(0) ~ N(gi0_mean, gi0_sd^2)", brette_coba));
    s.add(number("lif.gi0_sd", R, "12", "g_L", incl(0), excl(1e6), "SD of g_i(0)", brette_coba));
}

void add_lif_analysis_section(config_schema& s) {
    const auto I = value_kind::integer;
    const auto R = value_kind::real;
    s.add(number("lif_analysis.fano_bin", R, "50", "ms", excl(0), excl(1e9),
                 "count bin T_b of the Fano factor across the time bins of one run (fano_time, docs/models.md 2.5.3) and of the pairwise correlations; multiple of lif.dt", {lif_model}));
    s.add(number("lif_analysis.min_isis", I, "5", "1", incl(1), incl(1e9), "ISIs a neuron needs for the CV", {lif_model}));
    s.add(number("lif_analysis.n_pairs", I, "5000", "1", incl(0), incl(1e8),
                 "E pairs sampled for the spike-count correlation", {lif_model}));
    s.add(number("lif_analysis.n_record", I, "500", "1", incl(0), incl(two_32_1),
                 "E neurons recorded for chi and rho_EI (evenly spaced gids); min(n_record, N_E)", {lif_model}));
    s.add(number("lif_analysis.rate_bin", R, "1", "ms", excl(0), excl(1e9),
                 "bin width of the population-rate histogram and population Fano factor; multiple of lif.dt",
                 {lif_model}));
    s.add(number("lif_analysis.tau_f", R, "20", "ms", excl(0), excl(1e9),
                 "filter time constant of the E and I inputs for rho_EI", {lif_model}));
    s.add(number("lif_output.v_traces", I, "0", "1", incl(0), incl(two_32_1),
                 "recorded neurons whose V is stored in /state/E/V; <= n_record", {lif_model}));
    s.add(number("lif_output.v_trace_dt", R, "1", "ms", excl(0), excl(1e9),
                 "V trace sampling interval; multiple of lif.dt", {lif_model}));
    key_spec currents = plain("lif_output.current_traces", value_kind::boolean, "false",
                              "also store the E and I input of the V-trace neurons, summed over each V sampling "
                              "interval and divided by it, in /state/E/i_e and /state/E/i_i (delta: mV/ms, cuba: "
                              "increments of g_e, g_i in mV/ms, coba: in g_L/ms; i_i signed as the model adds it); "
                              "needs lif_output.v_traces >= 1");
    currents.applies_if = {lif_model};
    s.add(std::move(currents));
}

bool on_grid(double a, double dt) { return is_multiple(a, dt); }

// lif.network = general: the rules within a population, a projection and an external drive
// (docs/models.md §2.2.3-2.2.4), on the resolved values (given or derived).
void check_lif_general(const config& c) {
    if (!c.applies("lif.tau_m_e")) return;
    const double dt = c.real("lif.dt");
    const bool multapses = c.boolean("lif.multapses"), autapses = c.boolean("lif.autapses");
    for (const std::string a : {"e", "i"}) {
        const std::string theta = "lif.theta_" + a, reset = "lif.v_reset_" + a;
        if (!(c.real(theta) > c.real(reset)))
            throw config_error(reset, c.string(reset), "< " + theta + " = " + c.string(theta) + " mV");
        for (const std::string b : {"e", "i"}) {
            const std::string d = "lif.d_" + a + b, k = "lif.k_" + a + b, n = "lif.n_" + b;
            if (!(c.real(d) >= dt * (1 - 1e-12)))
                throw config_error(d, c.string(d), ">= lif.dt = " + c.string("lif.dt") + " ms");
            const std::int64_t candidates = c.integer(n) - (!autapses && a == b ? 1 : 0);
            if (!multapses && c.integer(k) > candidates)
                throw config_error(k, c.string(k), "<= " + std::to_string(candidates) + " (" + n + " = " + c.string(n) +
                                                       (!autapses && a == b ? ", no autapses" : "") + ") without multapses");
        }
        // The Poisson inversion table of the engine covers up to 700 external spikes per step.
        const std::string nu = "lif.nu_ext_" + a, k_ext = "lif.k_ext_" + a;
        const double per_step = static_cast<double>(c.integer(k_ext)) * c.real(nu) * dt * 1e-3;
        if (!(per_step <= 700.0))
            throw config_error(nu, c.string(nu), k_ext + " * " + nu + " * lif.dt <= 700 spikes per step (the engine's " +
                                                     "Poisson table; here " + show(per_step) + ")");
    }
}

void check_lif(const config& c) {
    if (!c.applies("lif.mode")) return;
    const double dt = c.real("lif.dt");
    if (c.applies("lif.theta") && !(c.real("lif.theta") > c.real("lif.v_reset")))
        throw config_error("lif.v_reset", c.string("lif.v_reset"), "< lif.theta = " + c.string("lif.theta") + " mV");
    if (c.applies("lif.delay") && !(c.real("lif.delay") >= dt * (1 - 1e-12)))
        throw config_error("lif.delay", c.string("lif.delay"), ">= lif.dt = " + c.string("lif.dt") + " ms");
    if (!(c.real("lif.warmup") < c.real("lif.T")))
        throw config_error("lif.warmup", c.string("lif.warmup"), "< lif.T = " + c.string("lif.T") + " ms");
    for (const char* k : {"lif_analysis.fano_bin", "lif_analysis.rate_bin", "lif_output.v_trace_dt"})
        if (!on_grid(c.real(k), dt))
            throw config_error(k, c.string(k), "a positive integer multiple of lif.dt = " + c.string("lif.dt") + " ms");
    if (c.real("lif_analysis.fano_bin") > c.real("lif.T") - c.real("lif.warmup"))
        throw config_error("lif_analysis.fano_bin", c.string("lif_analysis.fano_bin"),
                           "<= lif.T - lif.warmup (one whole bin in the window)");
    if (c.integer("lif_output.v_traces") > c.integer("lif_analysis.n_record"))
        throw config_error("lif_output.v_traces", c.string("lif_output.v_traces"),
                           "<= lif_analysis.n_record = " + c.string("lif_analysis.n_record"));
    if (c.boolean("lif_output.current_traces") && c.integer("lif_output.v_traces") < 1)
        throw config_error("lif_output.current_traces", "true",
                           "false while lif_output.v_traces = 0 (the current traces are those of the V-trace neurons)");
    if (c.applies("lif.ff_rate") && c.real("lif.ff_rate") < 0 && c.real("lif.ff_rate") != -1)
        throw config_error("lif.ff_rate", c.string("lif.ff_rate"), ">= 0 Hz, or -1 (Siegert rate)");
    check_lif_general(c);
    if (c.applies("lif.multapses") && !c.boolean("lif.multapses") && !c.applies("lif.tau_m_e"))
        for (auto [k, n] : {std::pair{"lif.c_e", "lif.n_e"}, std::pair{"lif.c_i", "lif.n_i"}})
            if (c.integer(k) > c.integer(n))
                throw config_error(k, c.string(k), std::string("<= ") + n + " = " + c.string(n) +
                                                      " without multapses");
}

// lif.network = general: the delay keys d_ab; model A: lif.delay; cuba/coba: none (one step).
std::vector<std::string> lif_delay_keys(const config& c) {
    if (c.applies("lif.d_ee")) return {"lif.d_ee", "lif.d_ei", "lif.d_ie", "lif.d_ii"};
    if (c.applies("lif.delay")) return {"lif.delay"};
    return {};
}

// Recurrent synapses of the configured network (0 in the feed-forward check), and the key that
// contributes most: what to name when there are too many.
std::pair<double, std::string> lif_synapses(const config& c) {
    // A network file is validated when it is read; delta on brette is refused by check_lif_models.
    if (!c.applies("lif.p") && !c.applies("lif.c_e")) return {0.0, ""};
    const auto n = [&c](const char* k) { return static_cast<double>(c.integer(k)); };
    const double size = n("lif.n_e") + n("lif.n_i");
    if (c.applies("lif.p")) return {c.real("lif.p") * size * size, n("lif.n_e") >= n("lif.n_i") ? "lif.n_e" : "lif.n_i"};
    if (c.string("lif.mode") != "network") return {0.0, ""};
    std::vector<std::pair<double, std::string>> parts;
    if (c.applies("lif.k_ee"))
        for (const std::string a : {"e", "i"})
            for (const std::string b : {"e", "i"})
                parts.emplace_back(n(("lif.n_" + a).c_str()) * n(("lif.k_" + a + b).c_str()), "lif.k_" + a + b);
    else
        for (const char* k : {"lif.c_e", "lif.c_i"}) parts.emplace_back(size * n(k), k);
    double total = 0.0;
    for (const auto& [count, key] : parts) total += count;
    return {total, std::max_element(parts.begin(), parts.end())->second};
}

// Sizes a LIF run can have at all: at most 4e9 steps of lif.dt in lif.T, delays of at most 2^20
// steps (a ring slot per step and neuron), at most 2^40 synapses (4 TiB of indices). Beyond them
// the step counts overflow, and the Siegert solve that sizes the memory check runs for minutes.
void check_lif_sizes(const config& c) {
    if (!c.applies("lif.mode")) return;
    const double dt = c.real("lif.dt"), T = c.real("lif.T");
    if (!(T / dt <= 4e9))
        throw config_error("lif.dt", c.string("lif.dt"), "in [lif.T / 4e9, 10] ms = [" + show(T / 4e9) +
                                                             ", 10] (at most 4e9 steps in lif.T = " + c.string("lif.T") + " ms)");
    const double delay_max = c.applies("lif.delay_max") ? c.real("lif.delay_max") : 0.0;
    for (const auto& key : lif_delay_keys(c))
        if (delay_max > 0.0 && !(delay_max > c.real(key)))
            throw config_error("lif.delay_max", c.string("lif.delay_max"), "0 or > " + key + " = " + c.string(key) + " ms");
    if (!(delay_max / dt < 1048576.0))
        throw config_error("lif.dt", c.string("lif.dt"), ">= lif.delay_max / 2^20 = " + show(delay_max / 1048576.0) +
                                                             " ms (a delay of at most 2^20 steps)");
    for (const auto& key : lif_delay_keys(c))
        if (!(c.real(key) / dt < 1048576.0))
            throw config_error("lif.dt", c.string("lif.dt"), ">= " + key + " / 2^20 = " + show(c.real(key) / 1048576.0) +
                                                                 " ms (a delay of at most 2^20 steps)");
    const auto [synapses, key] = lif_synapses(c);
    if (synapses > std::ldexp(1.0, 40))
        throw config_error(key, c.string(key), "a network of at most 2^40 synapses (here " + show(synapses) +
                                                   " from lif.n_e, lif.n_i and the in-degrees or lif.p)");
}

// The neuron model against the topology (docs/models.md §2.3): the feed-forward check and the
// mean-field theory are delta-only, the Brette benchmark has exponential synapses, and coba's
// reversals bracket the threshold.
void check_lif_models(const config& c) {
    if (!c.applies("lif.mode")) return;
    const std::string neuron = c.string("lif.neuron"), network = c.string("lif.network");
    if (c.string("lif.mode") == "feedforward" && network != "A")
        throw config_error("lif.network", network, "A in the feed-forward mode (lif.mode = feedforward)");
    if (c.string("lif.mode") == "feedforward" && neuron != "delta")
        throw config_error("lif.neuron", neuron, "delta in the feed-forward mode (lif.mode = feedforward)");
    if (neuron == "delta" && network == "brette")
        throw config_error("lif.network", network,
                           "A, general or file for lif.neuron = delta (the Brette benchmark needs lif.neuron = cuba or coba)");
    if (neuron != "delta" && c.boolean("meanfield.enabled"))
        throw config_error("meanfield.enabled", "true", "false for lif.neuron = " + neuron + " (no mean-field theory implemented)");
    if (c.applies("lif.E_e")) {
        const double theta = c.real("lif.theta");
        if (!(c.real("lif.E_i") < theta))
            throw config_error("lif.E_i", c.string("lif.E_i"), "< lif.theta = " + c.string("lif.theta") + " mV (inhibition must not excite)");
        if (!(c.real("lif.E_e") > theta))
            throw config_error("lif.E_e", c.string("lif.E_e"), "> lif.theta = " + c.string("lif.theta") + " mV");
    }
}

// The Brette benchmark (lif.network = brette): signs of the increments, both populations.
void check_lif_exp(const config& c) {
    if (!c.applies("lif.p")) return;
    const std::string neuron = c.string("lif.neuron");
    if (c.integer("lif.n_i") < 1)
        throw config_error("lif.n_i", c.string("lif.n_i"), ">= 1 for lif.neuron = " + neuron);
    if (c.real("lif.w_e") < 0)
        throw config_error("lif.w_e", c.string("lif.w_e"), ">= 0 (excitatory increments)");
    const bool coba = neuron == "coba";
    if (coba ? c.real("lif.w_i") < 0 : c.real("lif.w_i") > 0)
        throw config_error("lif.w_i", c.string("lif.w_i"), coba ? ">= 0 (a conductance increment) for coba" : "<= 0 (an inhibitory current) for cuba");
}

// ---- spike-coding networks (docs/models.md §2.4, §2.5): [scn], [scn_signal], [scn_knockout],
// [scn_analysis], [scn_output]. List values ("1, 0") are parsed and checked against scn.dim by
// scn_params_from_config (config_error naming the key), which `balnet run` calls before any
// collective.

const key_condition scn_model{"run.model", {"scn"}};

key_spec scn_text(std::string key, std::string def, std::string help, std::vector<key_condition> when = {}) {
    key_spec k = plain(std::move(key), value_kind::string, std::move(def), std::move(help));
    k.applies_if = {scn_model};
    for (auto& c : when) k.applies_if.push_back(std::move(c));
    return k;
}

void add_scn_section(config_schema& s) {
    const auto I = value_kind::integer;
    const auto R = value_kind::real;
    s.add(number("scn.N", I, "50", "1", incl(1), incl(2147483647.0), "neurons N", {scn_model}));
    s.add(number("scn.dim", I, "2", "1", incl(1), incl(64), "signal dimension J", {scn_model}));
    s.add(number("scn.dt", R, "0.1", "ms", excl(0), incl(10), "time step h", {scn_model}));
    s.add(number("scn.T", R, "1000", "ms", excl(0), incl(1e8), "simulated duration (warm-up included)", {scn_model}));
    s.add(number("scn.warmup", R, "100", "ms", incl(0), incl(1e8), "discarded warm-up, < scn.T", {scn_model}));
    s.add(number("scn.lambda", R, "0.05", "1/ms", excl(0), incl(1e3), "leak of read-out and voltages", {scn_model}));
    s.add(number("scn.mu", R, "0.001", "1", incl(0), incl(1e6), "quadratic cost mu", {scn_model}));
    s.add(number("scn.nu", R, "0", "1", incl(0), incl(1e6), "linear cost nu", {scn_model}));
    s.add(number("scn.sigma_v", R, "0", "ms^-1/2", incl(0), incl(1e3), "voltage noise sigma_V", {scn_model}));
    s.add(choice("scn.dynamics", "leaky", {"leaky", "integrator", "rotation", "matrix"},
                 "signal dynamics A: -lambda I, 0, [[-d, -w], [w, -d]] (J = 2), or scn.A", {scn_model}));
    const key_condition rotation{"scn.dynamics", {"rotation"}};
    s.add(number("scn.omega", R, "2", "Hz", incl(0), incl(1e6), "rotation frequency w / 2 pi", {scn_model, rotation}));
    s.add(number("scn.damping", R, "0", "1/ms", incl(0), incl(1e6), "damping d of the rotation (a damped oscillator when > 0)",
                 {scn_model, rotation}));
    s.add(scn_text("scn.A", "", "A as J x J numbers, row by row, separated by commas", {{"scn.dynamics", {"matrix"}}}));
    s.add(choice("scn.decoder", "random", {"random", "regular", "file"},
                 "decoder D: random directions, regular ring (J = 2), or read from scn.decoder_file", {scn_model}));
    s.add(number("scn.gamma", R, "0.1", "1", excl(0), incl(1e6), "column norm ||D_i||",
                 {scn_model, {"scn.decoder", {"random", "regular"}}}));
    key_spec file = plain("scn.decoder_file", value_kind::input_path, "",
                          "decoder: HDF5 (dataset /decoder, shape [J, N]) or CSV (J lines of N numbers)");
    file.default_value = std::nullopt;  // required with scn.decoder = file
    file.applies_if = {scn_model, {"scn.decoder", {"file"}}};
    s.add(std::move(file));
    s.add(choice("scn.rule", "greedy", {"greedy", "all_above"},
                 "spiking rule: global argmax (ties to the lowest id), or every neuron above threshold", {scn_model}));
    s.add(number("scn.max_spikes", I, "1", "1", incl(0), incl(1e9), "greedy: spikes per step S_max; 0 = until none is above threshold",
                 {scn_model, {"scn.rule", {"greedy"}}}));
}

void add_scn_signal_section(config_schema& s) {
    const auto R = value_kind::real;
    s.add(choice("scn_signal.target", "circle", {"circle", "hold", "none"},
                 "target x(t): circle R (cos 2 pi f t, sin 2 pi f t) (J >= 2), hold x = scn_signal.hold, or none "
                 "(the command is only the generators below); c = dx/dt - A x", {scn_model}));
    const key_condition circle{"scn_signal.target", {"circle"}};
    s.add(number("scn_signal.radius", R, "1", "1", incl(0), incl(1e6), "circle radius R", {scn_model, circle}));
    s.add(number("scn_signal.frequency", R, "2", "Hz", incl(0), incl(1e6), "circle frequency f", {scn_model, circle}));
    s.add(scn_text("scn_signal.hold", "1, 0", "held target x (J numbers)", {{"scn_signal.target", {"hold"}}}));
    s.add(scn_text("scn_signal.x0", "", "x(0) (J numbers); empty = the target's x(0) (0 for none)"));
    s.add(scn_text("scn_signal.pulses", "", "constant commands on windows: t_on t_off c_1 ... c_J [1/ms], windows separated by ';'"));
    s.add(scn_text("scn_signal.cosines", "", "cosine commands: f [Hz] a_1 ... a_J [1/ms] (then optional phases p_1 ... p_J [rad]), separated by ';'"));
    s.add(scn_text("scn_signal.ou_sd", "", "Ornstein-Uhlenbeck command: stationary SD per component (J numbers, 1/ms); empty = off"));
    s.add(number("scn_signal.ou_tau", R, "10", "ms", excl(0), incl(1e8), "Ornstein-Uhlenbeck time constant", {scn_model}));
}

void add_scn_knockout_section(config_schema& s) {
    const auto R = value_kind::real;
    s.add(choice("scn_knockout.kind", "none", {"none", "random", "list", "half_plane"},
                 "neurons removed at scn_knockout.time: none, a random fraction, a list of ids, or every neuron with "
                 "D[component, i] > 0", {scn_model}));
    const key_condition any_ko{"scn_knockout.kind", {"random", "list", "half_plane"}};
    s.add(number("scn_knockout.time", R, "500", "ms", incl(0), incl(1e8), "knock-out time t_ko, in (scn.warmup, scn.T)",
                 {scn_model, any_ko}));
    s.add(number("scn_knockout.fraction", R, "0.5", "1", incl(0), incl(1), "fraction removed (random)",
                 {scn_model, {"scn_knockout.kind", {"random"}}}));
    s.add(scn_text("scn_knockout.list", "", "neuron ids removed (0-based, separated by commas)", {{"scn_knockout.kind", {"list"}}}));
    s.add(number("scn_knockout.component", value_kind::integer, "1", "1", incl(0), incl(63),
                 "half_plane: the component m (0-based) whose positive decoders are removed; < scn.dim",
                 {scn_model, {"scn_knockout.kind", {"half_plane"}}}));
    s.add(number("scn_knockout.skip", R, "50", "ms", incl(0), incl(1e8), "time after t_ko not scored (post window)",
                 {scn_model, any_ko}));
}

void add_scn_output_section(config_schema& s) {
    const auto I = value_kind::integer;
    const auto R = value_kind::real;
    s.add(number("scn_analysis.min_isis", I, "5", "1", incl(1), incl(1e9), "ISIs a neuron needs for the CV", {scn_model}));
    s.add(number("scn_analysis.fano_bin", R, "50", "ms", excl(0), excl(1e9),
                 "count bin of the Fano factor across the time bins of one run (/analysis/fano_time, "
                 "docs/models.md 2.5.3); a multiple of scn.dt; cut to the window when longer",
                 {scn_model}));
    key_spec currents = plain("scn_analysis.currents", value_kind::boolean, "true",
                              "E/I input currents and rho_EI (docs/models.md 2.5.9)");
    currents.applies_if = {scn_model};
    s.add(std::move(currents));
    s.add(number("scn_output.signal_dt", R, "1", "ms", excl(0), incl(1e8), "sampling interval of /signal/x and /signal/xhat; multiple of scn.dt",
                 {scn_model}));
    s.add(number("scn_output.current_traces", I, "3", "1", incl(0), incl(1e6),
                 "neurons (evenly spaced ids) whose E and I currents are stored in /state/currents; <= scn.N", {scn_model}));
}

// Trials: the count bins on the grid and inside the window; no checkpoints between trials. Only
// with run.trials > 1: a run without trials never uses trials.bin.
void check_trials(const config& c) {
    if (!c.applies("run.trials") || c.integer("run.trials") < 2) return;
    const bool lif = c.string("run.model") == "lif";
    const std::string pre = lif ? "lif." : "scn.";
    const double dt = c.real(pre + "dt"), window = c.real(pre + "T") - c.real(pre + "warmup"), bin = c.real("trials.bin");
    if (bin > 0 && !on_grid(bin, dt))
        throw config_error("trials.bin", c.string("trials.bin"), "0 or a positive multiple of " + pre + "dt = " + c.string(pre + "dt") + " ms");
    if (bin > window)
        throw config_error("trials.bin", c.string("trials.bin"), "at most the analysis window " + pre + "T - " + pre + "warmup = " + show(window) + " ms");
    if (c.real("checkpoint.every") > 0)
        throw config_error("run.trials", c.string("run.trials"),
                           "1 with checkpoint.every = " + c.string("checkpoint.every") + " (trials are not checkpointed; run them as scan tasks with run.trial instead)");
}

void check_scn(const config& c) {
    if (!c.applies("scn.N")) return;
    const double dt = c.real("scn.dt"), T = c.real("scn.T");
    if (!(c.real("scn.warmup") < T))
        throw config_error("scn.warmup", c.string("scn.warmup"), "< scn.T = " + c.string("scn.T") + " ms");
    if (!on_grid(c.real("scn_analysis.fano_bin"), dt))
        throw config_error("scn_analysis.fano_bin", c.string("scn_analysis.fano_bin"),
                           "a positive integer multiple of scn.dt = " + c.string("scn.dt") + " ms");
    if (!on_grid(c.real("scn_output.signal_dt"), dt))
        throw config_error("scn_output.signal_dt", c.string("scn_output.signal_dt"),
                           "a positive integer multiple of scn.dt = " + c.string("scn.dt") + " ms");
    if (c.integer("scn_output.current_traces") > c.integer("scn.N"))
        throw config_error("scn_output.current_traces", c.string("scn_output.current_traces"), "<= scn.N = " + c.string("scn.N"));
    if (T / dt > 4.0e9)
        throw config_error("scn.T", c.string("scn.T"), "at most 4e9 steps of scn.dt");
    if (c.string("scn.decoder") == "regular" && c.integer("scn.dim") != 2)
        throw config_error("scn.dim", c.string("scn.dim"), "2 with scn.decoder = regular");
    if (c.string("scn.dynamics") == "rotation" && c.integer("scn.dim") != 2)
        throw config_error("scn.dim", c.string("scn.dim"), "2 with scn.dynamics = rotation");
    if (c.string("scn_signal.target") == "circle" && c.integer("scn.dim") < 2)
        throw config_error("scn.dim", c.string("scn.dim"), ">= 2 with scn_signal.target = circle");
    if (c.string("scn_knockout.kind") == "none") return;
    const double t_ko = c.real("scn_knockout.time");
    if (!(t_ko > c.real("scn.warmup") && t_ko + c.real("scn_knockout.skip") < T))
        throw config_error("scn_knockout.time", c.string("scn_knockout.time"),
                           "in (scn.warmup, scn.T - scn_knockout.skip) = (" + c.string("scn.warmup") + ", " +
                               show(T - c.real("scn_knockout.skip")) + ") ms: both the pre and the post window non-empty");
    if (c.string("scn_knockout.kind") == "half_plane" && c.integer("scn_knockout.component") >= c.integer("scn.dim"))
        throw config_error("scn_knockout.component", c.string("scn_knockout.component"), "< scn.dim = " + c.string("scn.dim"));
}

// [perturbation] (docs/models.md 2.5.13): LIF (every kind) and rate networks (kick); times from the
// run's start, in the model's unit (ms for LIF, tau for rate networks).
void add_perturbation_section(config_schema& s) {
    const auto I = value_kind::integer;
    const auto R = value_kind::real;
    const key_condition lif_or_rate{"run.model", {"lif", "rate"}};
    const key_condition lif{"run.model", {"lif"}};
    const key_condition on{"perturbation.kind", {"add_spike", "shift_spike", "kick"}};
    s.add(choice("perturbation.kind", "none", {"none", "add_spike", "shift_spike", "kick"},
                 "a perturbed copy of the run's own trial, its divergence from the run in /perturbation: add_spike "
                 "(one spike of the neuron reaches its targets at t0), shift_spike (its first spike after t0 reaches "
                 "them perturbation.delta later), kick (perturbation.kick added to its V, or to a rate unit's x, at "
                 "t0); rate networks: none or kick; not with checkpoint.every or --resume",
                 {lif_or_rate}));
    s.add(number("perturbation.t0", R, "100", "ms | tau", excl(0), incl(1e9),
                 "time of the perturbation from the run's start (rate networks: warm-up included, in tau); a "
                 "multiple of the step, inside the run", {lif_or_rate, on}));
    s.add(number("perturbation.neuron", I, "-1", "1", incl(-1), excl(two_63),
                 "id of the perturbed neuron (unit) of the first copy; -1 = drawn. Later copies: drawn, each a "
                 "different neuron, keyed by (run.seed, copy)", {lif_or_rate, on}));
    s.add(number("perturbation.count", I, "1", "1", incl(1), incl(1000),
                 "perturbed copies, each of another neuron; the growth rate is fitted to their mean log distance",
                 {lif_or_rate, on}));
    s.add(number("perturbation.delta", R, "0.1", "ms", excl(0), incl(1e6),
                 "shift_spike: the delay added to the spike; a multiple of lif.dt", {lif, on}));
    s.add(number("perturbation.kick", R, "0.5", "mV | 1", excl(-1e9), excl(1e9),
                 "kick: added to the neuron's V (LIF, mV) or to the unit's x (rate)", {lif_or_rate, on}));
    s.add(number("perturbation.bin", R, "1", "ms | tau", excl(0), incl(1e9),
                 "time bin of the divergence series; a multiple of the step", {lif_or_rate, on}));
    s.add(number("perturbation.tau", R, "5", "ms", excl(0), incl(1e6),
                 "time constant of the van Rossum filter of the spike-train distance", {lif, on}));
    s.add(number("perturbation.decorrelated", R, "0.5", "1", excl(0), incl(1),
                 "the copies have decorrelated when the distance reaches this fraction of the saturation level "
                 "(LIF: the distance between two independent trials)", {lif_or_rate, on}));
    s.add(number("perturbation.fit_window", R, "20", "ms | tau", excl(0), incl(1e9),
                 "the growth rate is fitted over (t0, t0 + fit_window], up to the decorrelation", {lif_or_rate, on}));
}

// The perturbation inside the run and on its step grid; no checkpoints (the copies are not
// checkpointed); rate networks only kick.
void check_perturbation(const config& c) {
    if (!c.applies("perturbation.t0")) return;
    const bool lif = c.string("run.model") == "lif";
    const std::string dtk = lif ? "lif.dt" : "run.dt";
    const double dt = c.real(dtk);
    const double total = lif ? c.real("lif.T") : c.real("run.warmup") + c.real("run.T");
    const std::string unit = lif ? " ms" : " tau";
    if (!lif && c.string("perturbation.kind") != "kick")
        throw config_error("perturbation.kind", c.string("perturbation.kind"), "none or kick for a rate network");
    if (!(c.real("perturbation.t0") < total))
        throw config_error("perturbation.t0", c.string("perturbation.t0"), "< the run's duration " + show(total) + unit);
    for (const char* k : {"perturbation.t0", "perturbation.bin"})
        if (!on_grid(c.real(k), dt))
            throw config_error(k, c.string(k), "a positive integer multiple of " + dtk + " = " + c.string(dtk) + unit);
    if (lif && c.string("perturbation.kind") == "shift_spike" && !on_grid(c.real("perturbation.delta"), dt))
        throw config_error("perturbation.delta", c.string("perturbation.delta"),
                           "a positive integer multiple of lif.dt = " + c.string("lif.dt") + " ms");
    // A file network's size is known once the file is read: rate_params_from_config checks it there.
    const std::int64_t n = lif                      ? c.integer("lif.n_e") + c.integer("lif.n_i")
                           : c.applies("network.N") ? c.integer("network.N")
                                                    : std::numeric_limits<std::int64_t>::max();
    if (c.integer("perturbation.neuron") >= n)
        throw config_error("perturbation.neuron", c.string("perturbation.neuron"), "-1 or a neuron id < " + std::to_string(n));
    if (c.integer("perturbation.count") > n)
        throw config_error("perturbation.count", c.string("perturbation.count"),
                           "at most the number of neurons " + std::to_string(n) + " (each copy perturbs another)");
    if (c.real("perturbation.bin") > total)
        throw config_error("perturbation.bin", c.string("perturbation.bin"), "at most the run's duration " + show(total) + unit);
    if (c.real("checkpoint.every") > 0)
        throw config_error("perturbation.kind", c.string("perturbation.kind"),
                           "none with checkpoint.every = " + c.string("checkpoint.every") + " (the perturbed copies are not checkpointed)");
}

}  // namespace

config_schema run_schema() {
    config_schema s;
    add_run_section(s);
    add_network_section(s);
    add_weights_section(s);
    add_input_section(s);
    add_response_section(s);
    add_record_section(s);
    add_output_section(s);
    add_misc_sections(s);
    add_lif_section(s);
    add_lif_exp_section(s);
    add_lif_analysis_section(s);
    s.add_rule(check_network);
    s.add_rule(check_rate_file);
    s.add_rule(check_weights);
    s.add_rule(check_sampling);
    s.add_rule(check_lif_sizes);  // first: the others compute with step counts
    s.add_rule(check_lif);
    s.add_rule(check_lif_models);
    s.add_rule(check_lif_exp);
    add_scn_section(s);
    add_scn_signal_section(s);
    add_scn_knockout_section(s);
    add_scn_output_section(s);
    s.add_rule(check_scn);
    s.add_rule(check_trials);
    add_perturbation_section(s);
    s.add_rule(check_perturbation);
    return s;
}

}  // namespace balnet
