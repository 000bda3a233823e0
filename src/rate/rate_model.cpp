// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/rate_model.hpp>

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <limits>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

// Julia's round: to nearest, ties to even (the default IEEE rounding mode).
std::uint64_t round_even(double v) {
    return static_cast<std::uint64_t>(std::nearbyint(v));
}

step_type steps_of(double t, double dt) {
    // floor with a relative guard so that e.g. 10 / 0.02 gives 500, not 499.
    return static_cast<step_type>(std::floor(t / dt * (1.0 + 1e-12)));
}

projection_spec projection(std::size_t src, std::size_t tgt, const rate_params& p,
                           std::uint64_t k, double j, double g, double sign) {
    const double kd = static_cast<double>(k);
    projection_spec pr;
    pr.source = src;
    pr.target = tgt;
    pr.rule = p.rule;
    pr.indegree = k;
    pr.autapses = p.autapses;
    pr.weights = weight_distribution(p.distribution, j * std::pow(kd, -0.5),
                                     g * std::pow(kd, -p.nu / 2.0), sign);
    return pr;
}

void check_sizes(const rate_params& p, std::uint64_t n_b, std::uint64_t k_b, const char* pop) {
    const std::string where = std::string(" (population ") + pop + ")";
    if (k_b == 0)
        throw config_error("network.K", std::to_string(p.K), "K_b >= 1 for every population" + where);
    if (k_b > n_b)
        throw config_error("network.K", std::to_string(p.K),
                           "K_b <= N_b = " + std::to_string(n_b) + where);
    if (p.rule == connectivity_rule::full && k_b != n_b)
        throw config_error("network.K", std::to_string(p.K),
                           "K == N for connectivity = full" + where);
}

// The first units of each population, n_rec in all: the inhibitory network's first n_rec; for
// two populations the paper's split (round_even(rho_e n_rec) E units, the rest I; rho_e = N_E / N
// for a file network); for more, each population its rounded share, the last the rest.
void add_recorded(rate_model& m, const rate_params& p) {
    const std::uint64_t n = m.net.size();
    const std::uint64_t n_rec = std::min(p.record_units, n);
    const auto& pops = m.net.populations;
    if (pops.size() == 1) {
        for (gid_type g = 0; g < n_rec; ++g) m.recorded.push_back(g);
    } else if (pops.size() == 2) {
        // Real E and real I units (the authors' code records only E units here: a quirk).
        const double rho = p.file ? static_cast<double>(pops[0].size) / static_cast<double>(n) : p.rho_e;
        const std::uint64_t ne = pops[0].size, ni = pops[1].size;
        std::uint64_t re = std::min(ne, round_even(rho * static_cast<double>(n_rec)));
        std::uint64_t ri = std::min(ni, n_rec - re);
        re = std::min(ne, n_rec - ri);
        for (gid_type g = 0; g < re; ++g) m.recorded.push_back(g);
        for (gid_type g = 0; g < ri; ++g) m.recorded.push_back(ne + g);
    } else {
        std::uint64_t left = n_rec;
        for (std::size_t a = 0; a < pops.size(); ++a) {
            const double share = static_cast<double>(pops[a].size) / static_cast<double>(n) * static_cast<double>(n_rec);
            const std::uint64_t r = std::min({pops[a].size, left, a + 1 == pops.size() ? left : round_even(share)});
            for (gid_type g = 0; g < r; ++g) m.recorded.push_back(m.net.offset(a) + g);
            left -= r;
        }
    }
    m.trace_units = std::min<std::uint64_t>(p.trace_units, m.recorded.size());
}

// The product of the run: sparse needs the Euler kernel with stored weights (double or float);
// auto takes it there unless phi has no exact zeros (exp), where it would read every synapse and
// only add the bookkeeping of the active list.
coupling_product resolve_product(const rate_params& p) {
    const bool stored = p.coupling == coupling_storage::double_ || p.coupling == coupling_storage::float_;
    const bool possible = p.integrator == rate_integrator::euler && stored;
    if (p.product == coupling_product::sparse && !possible)
        throw config_error("network.product", "sparse",
                           "dense or auto unless run.integrator = euler and network.coupling = double or float");
    if (p.product == coupling_product::auto_)
        return possible && p.response != response_kind::exp ? coupling_product::sparse : coupling_product::dense;
    return p.product;
}

}  // namespace

rate_model rate_model::build(const rate_params& p) {
    rate_model m;
    if (p.file) {
        // The paper's alpha = m sqrt(K) (J/g)^2 needs its parametrisation: NaN here.
        m.net = p.file->net;
        m.bias = p.file->bias;
        m.init_std = p.init_sd;
        m.alpha_factor = std::numeric_limits<double>::quiet_NaN();
    } else if (!p.ei) {
        check_sizes(p, p.N, p.K, "I");
        m.net.populations = {{"I", p.N, false}};
        m.net.projections = {projection(0, 0, p, p.K, p.J0, p.g, -1.0)};
        m.bias = {p.I0 * std::pow(static_cast<double>(p.K), p.scale_bias)};
        m.init_std = p.g;
        m.alpha_factor = std::sqrt(static_cast<double>(p.K)) * (p.J0 / p.g) * (p.J0 / p.g);
    } else {
        const std::uint64_t ni = round_even(static_cast<double>(p.N) - static_cast<double>(p.N) * p.rho_e);
        const std::uint64_t ki = round_even(static_cast<double>(p.K) - static_cast<double>(p.K) * p.rho_e);
        const std::uint64_t ne = p.N - ni, ke = p.K - ki;
        check_sizes(p, ne, ke, "E");
        check_sizes(p, ni, ki, "I");
        m.net.populations = {{"E", ne, true}, {"I", ni, false}};
        m.net.projections = {projection(0, 0, p, ke, p.J_ee, p.g_ee, +1.0),
                             projection(1, 0, p, ki, p.J_ei, p.g_ei, -1.0),
                             projection(0, 1, p, ke, p.J_ie, p.g_ie, +1.0),
                             projection(1, 1, p, ki, p.J_ii, p.g_ii, -1.0)};
        m.bias = {p.I_E * std::pow(static_cast<double>(ke), p.scale_bias),
                  p.I_I * std::pow(static_cast<double>(ki), p.scale_bias)};
        m.init_std = p.g_ii;
        m.alpha_factor = std::sqrt(static_cast<double>(p.K)) * (p.J_ii / p.g_ii) * (p.J_ii / p.g_ii);
    }
    m.net.seed = p.seed;
    for (const auto& pr : m.net.projections)  // a file's bernoulli weights were read within (0, 1]
        if (pr.weights.kind() == weight_kind::bernoulli && pr.weights.mean() > 1.0)
            throw config_error("weights.distribution", "bernoulli",
                               "mean weight J K^(-1/2) <= 1 (here " +
                                   std::to_string(pr.weights.mean()) + ")");
    m.phi = response_function(p.response, p.power);
    m.dt = p.dt;
    m.warmup_steps = steps_of(p.warmup, p.dt);
    m.run_steps = steps_of(p.T, p.dt);
    m.record_every = std::max<step_type>(1, std::llround(p.record_dt / p.dt));
    m.trace_every = m.record_every * std::max<step_type>(1, std::llround(p.trace_dt / p.record_dt));
    m.acf_lags = static_cast<std::uint64_t>(steps_of(p.ncorr, p.record_dt));
    if (m.recorded_steps() < 2)
        throw config_error("run.T", std::to_string(p.T), "at least 2 recorded steps (T >= 2 record.dt)");
    if (m.acf_lags >= static_cast<std::uint64_t>(m.recorded_steps()))
        throw config_error("record.ncorr", std::to_string(p.ncorr), "< run.T");
    m.integrator = p.integrator;
    m.coupling = p.coupling;
    if (m.coupling != coupling_storage::double_ && m.integrator == rate_integrator::ts)
        throw config_error("network.coupling", to_string(m.coupling),
                           "double when run.integrator = ts (PETSc's matrix is double and stored)");
    m.product = resolve_product(p);
    m.init_seed = p.init_seed;
    add_recorded(m, p);
    return m;
}

}  // namespace balnet
