// SPDX-License-Identifier: BSD-3-Clause
// [scn], [scn_signal], [scn_knockout] -> scn_params. Units and ranges were checked by
// config::load, the cross-key rules by check_scn in run_schema.cpp; here the list-valued keys
// are parsed and checked against scn.dim, and scn_params::validate checks the rest.
#include <balnet/models/scn_run.hpp>

#include <cmath>
#include <fstream>
#include <numbers>
#include <sstream>

#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/spiking/scn_signal.hpp>

namespace balnet {
namespace {

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, sep);) out.push_back(part);
    return out;
}

std::vector<double> numbers_of_size(const config& c, const std::string& key, std::size_t n) {
    auto v = scn_parse_numbers(key, c.string(key));
    if (v.size() != n)
        throw config_error(key, c.string(key), std::to_string(n) + " numbers (scn.dim)");
    return v;
}

std::vector<double> dynamics(const config& c, std::uint32_t dim) {
    const std::string kind = c.string("scn.dynamics");
    if (kind == "leaky") return {};
    if (kind == "integrator") return std::vector<double>(std::size_t{dim} * dim, 0.0);
    if (kind == "rotation") {
        const double w = 2.0 * std::numbers::pi * c.real("scn.omega") * 1e-3, d = c.real("scn.damping");
        return {-d, -w, w, -d};
    }
    return numbers_of_size(c, "scn.A", std::size_t{dim} * dim);
}

// The command: the target's c = dx/dt - A x, then the generators of [scn_signal].
void add_command(const config& c, scn_params& p) {
    const std::string target = c.string("scn_signal.target");
    const auto a = p.dynamics();
    if (target == "circle") {
        p.command = scn_circle_command(a, p.dim, c.real("scn_signal.radius"), c.real("scn_signal.frequency"));
        p.x0.assign(p.dim, 0.0);
        p.x0[0] = c.real("scn_signal.radius");
    } else if (target == "hold") {
        p.x0 = numbers_of_size(c, "scn_signal.hold", p.dim);
        p.command = {scn_hold_command(a, p.x0)};
    }
    if (!c.string("scn_signal.x0").empty()) p.x0 = numbers_of_size(c, "scn_signal.x0", p.dim);
    for (const auto& w : split(c.string("scn_signal.pulses"), ';')) {
        const auto v = scn_parse_numbers("scn_signal.pulses", w);
        if (v.empty()) continue;
        if (v.size() != 2 + p.dim || !(v[1] > v[0]) || v[0] < 0)
            throw config_error("scn_signal.pulses", w, "t_on t_off c_1 ... c_J with 0 <= t_on < t_off (J = scn.dim)");
        scn_command_term t;
        t.t_on = v[0];
        t.t_off = v[1];
        t.amplitude.assign(v.begin() + 2, v.end());
        p.command.push_back(t);
    }
    for (const auto& w : split(c.string("scn_signal.cosines"), ';')) {
        const auto v = scn_parse_numbers("scn_signal.cosines", w);
        if (v.empty()) continue;
        if ((v.size() != 1 + p.dim && v.size() != 1 + 2 * p.dim) || v[0] < 0)
            throw config_error("scn_signal.cosines", w, "f a_1 ... a_J [p_1 ... p_J] with f >= 0 Hz (J = scn.dim)");
        scn_command_term t;
        t.type = scn_command_term::kind::cosine;
        t.frequency_hz = v[0];
        t.amplitude.assign(v.begin() + 1, v.begin() + 1 + p.dim);
        if (v.size() > 1 + p.dim) t.phase.assign(v.begin() + 1 + p.dim, v.end());
        p.command.push_back(t);
    }
    if (!c.string("scn_signal.ou_sd").empty()) {
        scn_command_term t;
        t.type = scn_command_term::kind::ou;
        t.amplitude = numbers_of_size(c, "scn_signal.ou_sd", p.dim);
        for (double s : t.amplitude)
            if (s < 0) throw config_error("scn_signal.ou_sd", c.string("scn_signal.ou_sd"), "SDs >= 0");
        t.tau = c.real("scn_signal.ou_tau");
        p.command.push_back(t);
    }
}

void add_knockout(const config& c, scn_params& p) {
    const std::string kind = c.string("scn_knockout.kind");
    if (kind == "none") return;
    p.knockout.time = c.real("scn_knockout.time");
    if (kind == "random") {
        p.knockout.kind = scn_knockout_kind::random;
        p.knockout.fraction = c.real("scn_knockout.fraction");
    } else if (kind == "half_plane") {
        p.knockout.kind = scn_knockout_kind::half_plane;
        p.knockout.component = static_cast<std::uint32_t>(c.integer("scn_knockout.component"));
    } else {
        p.knockout.kind = scn_knockout_kind::list;
        for (double g : scn_parse_numbers("scn_knockout.list", c.string("scn_knockout.list"))) {
            if (g < 0 || g != std::floor(g) || g >= static_cast<double>(p.n))
                throw config_error("scn_knockout.list", c.string("scn_knockout.list"),
                                   "neuron ids: integers in [0, scn.N = " + std::to_string(p.n) + ")");
            p.knockout.gids.push_back(static_cast<gid_type>(g));
        }
    }
}

}  // namespace

std::vector<double> scn_parse_numbers(const std::string& key, const std::string& text) {
    std::string t = text;
    for (char& ch : t)
        if (ch == ',') ch = ' ';
    std::istringstream in(t);
    std::vector<double> out;
    for (std::string tok; in >> tok;) {
        std::size_t used = 0;
        double v = 0;
        try {
            v = std::stod(tok, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != tok.size() || !std::isfinite(v))
            throw config_error(key, text, "finite numbers separated by commas (\"" + tok + "\" is not one)");
        out.push_back(v);
    }
    return out;
}

scn_params scn_params_from_config(const config& c) {
    scn_params p;
    p.n = static_cast<std::uint64_t>(c.integer("scn.N"));
    p.dim = static_cast<std::uint32_t>(c.integer("scn.dim"));
    p.dt = c.real("scn.dt");
    p.lambda = c.real("scn.lambda");
    p.mu = c.real("scn.mu");
    p.nu = c.real("scn.nu");
    p.sigma_v = c.real("scn.sigma_v");
    p.seed = static_cast<seed_type>(c.integer("run.seed"));
    p.trial = static_cast<std::uint64_t>(c.integer("run.trial"));
    p.a = dynamics(c, p.dim);
    const std::string dec = c.string("scn.decoder");
    if (dec == "file") {
        p.decoder = scn_decoder_kind::given;
        p.decoder_matrix = scn_read_decoder(c.string("scn.decoder_file"), p.dim, p.n);
    } else {
        p.decoder = dec == "regular" ? scn_decoder_kind::regular : scn_decoder_kind::random;
        p.gamma = c.real("scn.gamma");
    }
    p.rule = c.string("scn.rule") == "greedy" ? scn_spike_rule::greedy : scn_spike_rule::all_above;
    if (p.rule == scn_spike_rule::greedy) p.max_spikes_per_step = static_cast<std::uint64_t>(c.integer("scn.max_spikes"));
    add_command(c, p);
    add_knockout(c, p);
    p.validate();
    return p;
}

namespace {

struct decoder_file {
    std::uint64_t rows = 0;      // J
    std::vector<double> values;  // column-major
};

decoder_file read_h5_decoder(const std::string& path) {
    const auto f = h5_file::open_read(path);
    if (!f.exists("/decoder")) throw config_error("scn.decoder_file", path, "an HDF5 file with a dataset /decoder [J, N]");
    const auto m = f.read_2d<double>("/decoder");
    decoder_file out{m.rows, std::vector<double>(m.rows * m.cols)};
    for (std::uint64_t r = 0; r < m.rows; ++r)
        for (std::uint64_t col = 0; col < m.cols; ++col) out.values[col * m.rows + r] = m.at(r, col);
    return out;
}

decoder_file read_csv_decoder(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw config_error("scn.decoder_file", path, "a readable file");
    std::vector<std::vector<double>> rows;
    for (std::string line; std::getline(in, line);) {
        if (line.find_first_not_of(" \t\r") == std::string::npos || line[0] == '#') continue;
        rows.push_back(scn_parse_numbers("scn.decoder_file", line));
        if (rows.back().size() != rows.front().size())
            throw config_error("scn.decoder_file", path, "CSV rows of equal length (J lines of N numbers)");
    }
    const std::size_t cols = rows.empty() ? 0 : rows.front().size();
    decoder_file out{rows.size(), std::vector<double>(rows.size() * cols)};
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t col = 0; col < cols; ++col) out.values[col * rows.size() + r] = rows[r][col];
    return out;
}

bool is_hdf5(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char sig[8] = {};
    in.read(sig, 8);
    return in.gcount() == 8 && std::string(sig, 8) == std::string("\x89HDF\r\n\x1a\n", 8);
}

}  // namespace

std::vector<double> scn_read_decoder(const std::string& path, std::uint32_t dim, std::uint64_t n) {
    decoder_file d;
    try {
        d = is_hdf5(path) ? read_h5_decoder(path) : read_csv_decoder(path);
    } catch (const config_error&) {
        throw;
    } catch (const error& e) {
        throw config_error("scn.decoder_file", path, std::string("a readable decoder (") + e.what() + ")");
    }
    const std::uint64_t rows = d.rows, cols = rows ? d.values.size() / rows : 0;
    if (rows != dim || cols != n)
        throw config_error("scn.decoder_file", path,
                           "a [J, N] = [" + std::to_string(dim) + ", " + std::to_string(n) + "] decoder (the file has [" +
                               std::to_string(rows) + ", " + std::to_string(cols) + "])");
    return std::move(d.values);
}

}  // namespace balnet
