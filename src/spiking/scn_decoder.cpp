// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/scn_decoder.hpp>

#include <cmath>
#include <numbers>

#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>

namespace balnet {

std::vector<double> scn_decoder_column(const scn_params& p, gid_type gid) {
    std::vector<double> col(p.dim, 0.0);
    if (p.decoder == scn_decoder_kind::given) {
        for (std::uint32_t m = 0; m < p.dim; ++m) col[m] = p.decoder_matrix[gid * p.dim + m];
        return col;
    }
    if (p.decoder == scn_decoder_kind::regular) {
        const double angle = 2.0 * std::numbers::pi * (static_cast<double>(gid) + 0.5) / static_cast<double>(p.n);
        col[0] = p.gamma * std::cos(angle);
        col[1] = p.gamma * std::sin(angle);
        return col;
    }
    rng_stream rng(p.seed, rng_purpose::weights, gid);
    for (;;) {  // a zero vector has probability 0; redraw rather than divide by it
        double s = 0.0;
        for (auto& v : col) {
            v = rng.normal();
            s += v * v;
        }
        if (s > 0.0) {
            const double f = p.gamma / std::sqrt(s);
            for (auto& v : col) v *= f;
            return col;
        }
    }
}

std::vector<double> scn_decoder(const scn_params& p) {
    if (p.decoder == scn_decoder_kind::given) return p.decoder_matrix;
    std::vector<double> d;
    d.reserve(p.n * p.dim);
    for (gid_type i = 0; i < p.n; ++i) {
        const auto col = scn_decoder_column(p, i);
        d.insert(d.end(), col.begin(), col.end());
    }
    return d;
}

std::vector<double> scn_thresholds(const scn_params& p, std::span<const double> decoder,
                                   gid_type first, std::uint64_t count) {
    BALNET_ASSERT(decoder.size() == p.n * p.dim && first + count <= p.n);
    std::vector<double> t(count);
    for (std::uint64_t i = 0; i < count; ++i) {
        double s = 0.0;
        for (std::uint32_t m = 0; m < p.dim; ++m) {
            const double d = decoder[(first + i) * p.dim + m];
            s += d * d;
        }
        t[i] = (s + p.mu + p.nu) / 2.0;
    }
    return t;
}

}  // namespace balnet
