// SPDX-License-Identifier: BSD-3-Clause
// The perturbed copies of a rate run (docs/models.md §2.5.13, docs/output-layout.md
// /perturbation): the run again from its initial state to t0 (the reference), each copy that
// state with perturbation.kick added to one unit's x; the reference and the copies then advance
// in turns, one bin at a time (the engine restored from each one's state: a checkpoint's
// restore, so every copy continues bit for bit as an uninterrupted run would), and at every bin's
// end the RMS distance ||x - x'|| / sqrt(N) is taken. Its growth rate is the largest Lyapunov
// exponent; its saturation level that of two independent points of the attractor,
// sqrt(2 mean_i var_t x_i) over the reference's bin ends after t0.
#pragma once
#include <string>

#include <balnet/comm/context.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/rate/rate_engine.hpp>

#include "perturbation_plan.hpp"

namespace balnet::detail {

/// Collective: runs the copies from `initial` (the engine's state at step 0; its step probe
/// unset), writes /perturbation, returns the summary lines.
std::string run_rate_perturbation(const context& ctx, rate_engine& eng, const rate_engine_state& initial,
                                  const perturbation_plan& plan, h5_file& file);

}  // namespace balnet::detail
