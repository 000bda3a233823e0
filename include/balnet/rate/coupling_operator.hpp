// SPDX-License-Identifier: BSD-3-Clause
// The coupling product of the Euler rate engine, eta = W phi over the owned rows, whatever holds W:
// coupling_matrix stores the rows (weights in double or float), compact_coupling stores them in
// 6 bytes (float weights, 16-bit column offsets), procedural_coupling stores nothing and redraws
// each row from its random streams during the product. Both see the same columns:
// local columns 0 .. n-1 are the owned units, n .. n+g-1 the ghosts (non-owned presynaptic gids,
// ascending), whose values the engine gathers before calling multiply(). All sum a row in the
// order of sliced_rows.hpp (a sum per column panel of gids, the panel sums in panel order), so
// for the same network the double and procedural products agree bit for bit (and compact and
// float), at any rank count.
#pragma once
#include <cstddef>
#include <span>
#include <string>

#include <balnet/core/types.hpp>
#include <balnet/rate/prefetch_tuner.hpp>

namespace balnet {

/// How the weights of the coupling product are held (sums are always in double).
enum class coupling_storage { double_, float_, compact, procedural };

coupling_storage parse_coupling_storage(const std::string& name);  ///< "double" | "float" | "compact" | "procedural"
std::string to_string(coupling_storage s);

/// Which product the Euler kernel computes: dense (every synapse, the sliced rows of
/// coupling_matrix / compact / procedural) or sparse (only the synapses of active units,
/// sparse_coupling); auto is resolved once per run by rate_model::build.
enum class coupling_product { auto_, dense, sparse };

coupling_product parse_coupling_product(const std::string& name);  ///< "auto" | "dense" | "sparse"
std::string to_string(coupling_product p);

class coupling_operator {
public:
    virtual ~coupling_operator() = default;

    virtual std::size_t n_rows() const noexcept = 0;
    /// Non-owned presynaptic gids, ascending; x_local[n_rows() + j] must hold x[ghosts()[j]].
    virtual std::span<const gid_type> ghosts() const noexcept = 0;
    std::size_t local_columns() const noexcept { return n_rows() + ghosts().size(); }
    /// Bytes held for W (storage of the rows and the ghost list).
    virtual std::size_t bytes() const noexcept = 0;
    /// y = W x_local for the owned rows; x_local.size() == local_columns(), y.size() == n_rows().
    virtual void multiply(std::span<const double> x_local, std::span<double> y) const = 0;

    /// The stored kernels' prefetch hint (prefetch_tuner.hpp), for benchmarks and tests: by
    /// default measured at the first product; it changes no bit of the product.
    virtual void set_prefetch(prefetch_hint) {}
    /// How the product is tuned on this rank, one line (empty where nothing is tuned).
    virtual std::string tuning() const { return {}; }
};

}  // namespace balnet
