// SPDX-License-Identifier: BSD-3-Clause
// STREAM triad (McCalpin): a[i] = b[i] + s * c[i] over arrays far larger than the caches, best of
// several repetitions, 24 bytes counted per element (read b, read c, write a; no write-allocate
// correction, as in STREAM). Run on every rank at once so that the figure is the bandwidth the
// ranks share, which is what the coupling product competes for.
#pragma once
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace balnet::bench {

/// Bandwidth in GB/s of one rank's triad (the caller sums over ranks when they run together).
inline double stream_triad_gbs(std::size_t n = std::size_t{1} << 25, int reps = 6) {
    std::vector<double> a(n, 0.0), b(n, 1.0), c(n, 2.0);
    double best = 1e300;
    for (int r = 0; r < reps; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        const double s = 3.0 + r;
        for (std::size_t i = 0; i < n; ++i) a[i] = b[i] + s * c[i];
        const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        best = std::min(best, t);
        b[r % n] = a[(r * 7) % n];  // keep the loop observable
    }
    return 24.0 * static_cast<double>(n) / best / 1e9;
}

/// Bandwidth in GB/s of one rank reading the arrays a stored product streams and nothing else:
/// 8-byte weights and 32-bit columns, summed (no gather of x, no write). The ceiling of the
/// product's own traffic on these cores, which STREAM triad (with its writes) does not show.
inline double matrix_read_gbs(std::size_t n = std::size_t{1} << 26, int reps = 4) {
    std::vector<double> w(n, 1.0);
    std::vector<std::uint32_t> col(n, 3);
    double best = 1e300, keep = 0.0;
    for (int r = 0; r < reps; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
        for (std::size_t i = 0; i + 4 <= n; i += 4) {
            s0 += w[i] * col[i];
            s1 += w[i + 1] * col[i + 1];
            s2 += w[i + 2] * col[i + 2];
            s3 += w[i + 3] * col[i + 3];
        }
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        keep += (s0 + s1) + (s2 + s3);
    }
    w[0] = keep;  // keep the loop observable
    return 12.0 * static_cast<double>(n) / best / 1e9 + 0.0 * w[0];
}

}  // namespace balnet::bench
