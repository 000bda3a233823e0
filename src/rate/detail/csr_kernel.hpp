// SPDX-License-Identifier: BSD-3-Clause
// The inner loop of the coupling product, y_i = sum_k w_k x[col_k] over one CSR row, for every
// storage of W (stored columns, compact 16-bit offsets decoded on the fly, procedural rows).
//
// Why four accumulators: without -ffast-math the compiler may not reassociate a sum, so a plain
// loop is one chain of dependent additions (latency bound, ~4 cycles per nonzero). Four partial
// sums, each taking every fourth entry of the row, then combined as (a0 + a1) + (a2 + a3) plus the
// tail in a0, give four independent chains. The order is a function of the row's entries alone
// (columns sorted by gid, the same for any rank count), so the product is deterministic run to
// run and bitwise identical for every rank count — and for every storage, which is why all of
// them sum through row_sum. Weights of type float are widened exactly to double before the
// multiply; every sum is in double.
#pragma once
#include <cstddef>
#include <cstdint>

namespace balnet::detail {

/// Sum of w[k] x[col(k)] over the entries k in [b, e) of one row; col(k) is the entry's local
/// column, asked for in increasing k.
template <typename V, typename Col>
inline double row_sum(std::uint32_t b, std::uint32_t e, const V* w, const double* x, Col&& col) noexcept {
    std::uint32_t k = b;
    double a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
    for (; k + 4 <= e; k += 4) {
        a0 += static_cast<double>(w[k]) * x[col(k)];
        a1 += static_cast<double>(w[k + 1]) * x[col(k + 1)];
        a2 += static_cast<double>(w[k + 2]) * x[col(k + 2)];
        a3 += static_cast<double>(w[k + 3]) * x[col(k + 3)];
    }
    for (; k < e; ++k) a0 += static_cast<double>(w[k]) * x[col(k)];
    return (a0 + a1) + (a2 + a3);
}

template <typename V>
inline void csr_multiply(const std::uint32_t* row_ptr, const std::uint32_t* col, const V* w,
                         const double* x, double* y, std::size_t n_rows) noexcept {
    for (std::size_t i = 0; i < n_rows; ++i)
        y[i] = row_sum(row_ptr[i], row_ptr[i + 1], w, x, [col](std::uint32_t k) { return col[k]; });
}

}  // namespace balnet::detail
