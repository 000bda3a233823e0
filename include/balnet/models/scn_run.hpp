// SPDX-License-Identifier: BSD-3-Clause
// `balnet run` for spike-coding networks (run.model = scn, docs/models.md §2.4): the mapping from the
// [scn], [scn_signal] and [scn_knockout] keys to scn_params (lists parsed and checked against
// scn.dim, the decoder read from scn.decoder_file), and the run driver that writes x~, x^, the
// SONATA spikes and the §2.5 observables (rates, CV, NRMSE, E/I currents, knock-out errors) into
// the run's HDF5 file. scn_params_from_config is pure and identical on every rank (it throws
// config_error before any collective); run_scn is collective.
#pragma once
#include <string>
#include <vector>

#include <balnet/models/rate_run.hpp>  // run_options, run_interrupted
#include <balnet/comm/context.hpp>
#include <balnet/io/config.hpp>
#include <balnet/spiking/scn_params.hpp>

namespace balnet {

/// Steps per advance() of an SCN run (see lif_run_chunk).
inline constexpr step_type scn_run_chunk = 256;

/// The engine's parameters for this config (seed from run.seed). Throws config_error.
scn_params scn_params_from_config(const config& cfg);

/// Numbers separated by commas and/or blanks ("1, 0"); config_error naming `key` otherwise.
std::vector<double> scn_parse_numbers(const std::string& key, const std::string& text);

/// The decoder in a file: HDF5 (dataset /decoder, [J, N]) or CSV (J lines of N numbers).
/// Returns J x N column-major; config_error (key scn.decoder_file) when unreadable or not
/// [dim, n].
std::vector<double> scn_read_decoder(const std::string& path, std::uint32_t dim, std::uint64_t n);

/// Runs the configured SCN and writes output.file; returns its path. Collective.
/// Checkpoints to checkpoint.file every checkpoint.every ms (0: only on a stop signal);
/// opts.resume continues from it when it exists. Throws run_interrupted (exit 75) after the
/// checkpoint when SIGTERM or SIGUSR1 arrived.
std::string run_scn(const config& cfg, const context& ctx, const run_options& opts);

}  // namespace balnet
