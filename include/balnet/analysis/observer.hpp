// SPDX-License-Identifier: BSD-3-Clause
// An observable of a spiking run, as the run loop sees it (Auryn's Monitor, NEST's
// recording devices): fed each chunk's spikes, given a collective sync at every flush of the
// run's output (the moment to reduce what is complete over ranks and drop it, so memory does
// not grow with the run's length), serialised into checkpoints and restored from its own state
// (never by replaying spikes), and finished once into an output sink. A new observable is one
// class of this shape with its observer_kind (its keys, how a configuration makes one, what it
// holds per rank) plus one line in observer_set.cpp's table.
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/named_state.hpp>
#include <balnet/core/types.hpp>
#include <balnet/io/config.hpp>
#include <balnet/io/config_schema.hpp>
#include <balnet/io/output_sink.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet {

/// What an observer may know of the run it observes; the same on every rank but `owned_*`.
struct run_view {
    struct population {
        std::string name;
        gid_type first = 0;
        std::uint64_t size = 0;
    };
    std::vector<population> populations;
    gid_type owned_begin = 0, owned_end = 0;  ///< this rank's neurons [begin, end)
    double dt_ms = 0.1;
    step_type t0 = 0, t1 = 0;  ///< the analysis window: spike stamps t0 <= step < t1
    seed_type seed = 0;
};

class observer {
public:
    virtual ~observer() = default;
    /// This rank's spikes of one chunk, in (step, gid) order, chunks in time order.
    virtual void add_spikes(std::span<const spike> spikes) = 0;
    /// Collective: every spike stamped <= now has been added on every rank.
    virtual void sync(const context& ctx, step_type now) = 0;
    /// This rank's state; restore() takes it back bitwise into an observer made with the same
    /// configuration and view (internal_error when it does not fit).
    virtual std::vector<double> serialise() const = 0;
    virtual void restore(std::span<const double> state) = 0;
    /// The state as named fields for a checkpoint; by default serialise() as one per-rank field
    /// (`state`), which ties the checkpoint to its rank count: an observer whose state can be
    /// put by item, shared or summed (core/named_state.hpp) overrides both, and resumes at any
    /// rank count.
    virtual named_state checkpoint_state() const { return named_state::of("state", serialise()); }
    virtual void restore(const named_state& s) { restore(std::span<const double>(s.reals("state"))); }
    /// Collective, once after the last step and its sync: writes the results to `out` and
    /// returns a line for the run's summary (empty: none).
    virtual std::string finish(const context& ctx, output_sink& out) = 0;
};

/// Everything the rest of balnet needs to know of one kind of observer, defined in its own file.
struct observer_kind {
    std::string name;
    /// Adds its configuration keys (section = its name) to the run schema.
    void (*add_keys)(config_schema& schema);
    /// The observer `cfg` asks for, seeing the run as `view`; nullptr when it is switched off or
    /// does not apply to the view.
    std::unique_ptr<observer> (*make)(const config& cfg, const run_view& view);
    /// Bytes it holds on one rank (the memory estimate), for a run of time step dt_ms whose
    /// flushes are held_steps apart.
    double (*bytes)(const config& cfg, double dt_ms, step_type held_steps);
};

}  // namespace balnet
