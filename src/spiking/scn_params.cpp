// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/scn_params.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

std::string num(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

void require(bool ok, const std::string& field, const std::string& value, const std::string& allowed) {
    if (!ok) throw config_error("scn." + field, value, allowed);
}

bool finite_all(const std::vector<double>& v) {
    for (double x : v)
        if (!std::isfinite(x)) return false;
    return true;
}

void validate_term(const scn_command_term& t, std::size_t index, std::uint32_t dim) {
    const std::string f = "command[" + std::to_string(index) + "]";
    require(t.amplitude.size() == dim && finite_all(t.amplitude), f + ".amplitude",
            std::to_string(t.amplitude.size()) + " values", std::to_string(dim) + " finite values (scn.dim)");
    require(t.phase.empty() || (t.phase.size() == dim && finite_all(t.phase)), f + ".phase",
            std::to_string(t.phase.size()) + " values", "empty or " + std::to_string(dim) + " finite values");
    require(t.t_on >= 0.0 && std::isfinite(t.t_on), f + ".t_on", num(t.t_on), ">= 0 ms");
    require(t.t_off > t.t_on, f + ".t_off", num(t.t_off), "> t_on = " + num(t.t_on) + " ms");
    if (t.type == scn_command_term::kind::cosine)
        require(t.frequency_hz >= 0.0 && std::isfinite(t.frequency_hz), f + ".frequency",
                num(t.frequency_hz), ">= 0 Hz");
    if (t.type == scn_command_term::kind::ou)
        require(t.tau > 0.0 && std::isfinite(t.tau), f + ".tau", num(t.tau), "> 0 ms");
}

void validate_knockout(const scn_params& p) {
    const auto& k = p.knockout;
    if (k.kind == scn_knockout_kind::none) return;
    require(k.time >= 0.0 && std::isfinite(k.time), "knockout.time", num(k.time), ">= 0 ms");
    if (k.kind == scn_knockout_kind::random)
        require(k.fraction >= 0.0 && k.fraction <= 1.0, "knockout.fraction", num(k.fraction), "[0, 1]");
    if (k.kind == scn_knockout_kind::half_plane)
        require(k.component < p.dim, "knockout.component", std::to_string(k.component),
                "< scn.dim = " + std::to_string(p.dim));
    if (k.kind == scn_knockout_kind::list)
        for (gid_type g : k.gids)
            require(g < p.n, "knockout.list", std::to_string(g), "neuron ids < scn.N = " + std::to_string(p.n));
}

void validate_decoder(const scn_params& p) {
    if (p.decoder == scn_decoder_kind::given) {
        require(p.decoder_matrix.size() == p.n * p.dim && finite_all(p.decoder_matrix), "decoder",
                std::to_string(p.decoder_matrix.size()) + " values",
                "J x N = " + std::to_string(p.n * p.dim) + " finite values");
        for (std::uint64_t i = 0; i < p.n; ++i) {
            double s = 0.0;
            for (std::uint32_t m = 0; m < p.dim; ++m) s += p.decoder_matrix[i * p.dim + m] * p.decoder_matrix[i * p.dim + m];
            require(s + p.mu + p.nu > 0.0, "decoder", "column " + std::to_string(i) + " = 0 with mu + nu = 0",
                    "columns with ||D_i||^2 + mu + nu > 0 (a positive threshold)");
        }
        return;
    }
    require(p.gamma > 0.0 && std::isfinite(p.gamma), "gamma", num(p.gamma), "> 0");
    if (p.decoder == scn_decoder_kind::regular)
        require(p.dim == 2, "dim", std::to_string(p.dim), "2 for the regular decoder");
}

}  // namespace

void scn_params::validate() const {
    require(n >= 1 && n <= static_cast<std::uint64_t>(std::numeric_limits<int>::max()), "N",
            std::to_string(n), "[1, 2^31 - 1]");
    require(dim >= 1 && dim <= 64, "dim", std::to_string(dim), "[1, 64]");
    require(dt > 0.0 && std::isfinite(dt), "dt", num(dt), "> 0 ms");
    require(lambda > 0.0 && std::isfinite(lambda), "lambda", num(lambda), "> 0 1/ms");
    require(mu >= 0.0 && std::isfinite(mu), "mu", num(mu), ">= 0");
    require(nu >= 0.0 && std::isfinite(nu), "nu", num(nu), ">= 0");
    require(sigma_v >= 0.0 && std::isfinite(sigma_v), "sigma_v", num(sigma_v), ">= 0 ms^-1/2");
    require(a.empty() || (a.size() == std::size_t{dim} * dim && finite_all(a)), "A",
            std::to_string(a.size()) + " values", "empty (-lambda I) or J x J = " + std::to_string(dim * dim) + " finite values");
    require(x0.empty() || (x0.size() == dim && finite_all(x0)), "x0", std::to_string(x0.size()) + " values",
            "empty (0) or J = " + std::to_string(dim) + " finite values");
    for (std::size_t t = 0; t < command.size(); ++t) validate_term(command[t], t, dim);
    validate_decoder(*this);
    validate_knockout(*this);
}

step_type scn_params::steps(double ms) const noexcept {
    return static_cast<step_type>(std::llround(ms / dt));
}

std::vector<double> scn_params::dynamics() const {
    if (!a.empty()) return a;
    std::vector<double> out(std::size_t{dim} * dim, 0.0);
    for (std::uint32_t m = 0; m < dim; ++m) out[m * dim + m] = -lambda;
    return out;
}

bool scn_params::leaky_integrator() const {
    const auto d = dynamics();
    for (std::uint32_t i = 0; i < dim; ++i)
        for (std::uint32_t j = 0; j < dim; ++j)
            if (d[i * dim + j] != (i == j ? -lambda : 0.0)) return false;
    return true;
}

}  // namespace balnet
