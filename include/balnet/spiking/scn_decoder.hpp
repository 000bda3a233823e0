// SPDX-License-Identifier: BSD-3-Clause
// The decoder D (J x N) of a spike-coding network (docs/models.md §2.4.3): random directions
// (i.i.d. Gaussian columns normalised to gamma), the `regular` ring (J = 2, angles
// 2 pi (i + 1/2) / N), or a given matrix. Column i depends only on (seed, gid i): it is drawn
// from rng_stream(seed, weights, i), never from the rank, so any rank can build any column and
// the decoder is the same for every rank count. Storage is column-major (column i contiguous).
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include <balnet/core/types.hpp>
#include <balnet/spiking/scn_params.hpp>

namespace balnet {

/// Column `gid` of a random or regular decoder (J values).
std::vector<double> scn_decoder_column(const scn_params& p, gid_type gid);

/// The whole decoder, J x N column-major (`p` valid).
std::vector<double> scn_decoder(const scn_params& p);

/// Thresholds T_i = (||D_i||^2 + mu + nu) / 2 of columns [first, first + count).
std::vector<double> scn_thresholds(const scn_params& p, std::span<const double> decoder,
                                   gid_type first, std::uint64_t count);

}  // namespace balnet
