// SPDX-License-Identifier: BSD-3-Clause
// The output side of a spiking run on the run loop (run_loop.hpp): after each chunk the engine's
// spikes go to the observers and into the streamed SONATA report; at every flush the report is
// merged across ranks and written (to disk when asked) and the observers reduce what is
// finished (both collective). The report's length per population is what a checkpoint keeps.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/run/checkpoint_file.hpp>
#include <balnet/run/spike_stream.hpp>

namespace balnet {

template <typename Observers>
class spike_output {
public:
    spike_output(const context& ctx, Observers& obs, spike_stream& stream) : ctx_(ctx), obs_(obs), stream_(stream) {}

    template <typename Engine>
    void collect(Engine& eng) {
        const auto s = eng.take_spikes();
        obs_.add_spikes(s);
        stream_.add(s);
    }
    void flush(step_type done, bool to_disk) {
        obs_.sync(ctx_, done);  // collective: observers reduce (and may stream) what is finished,
        stream_.flush(done, to_disk);  // before the file is pushed to disk
    }
    const std::vector<std::uint64_t>& written() const noexcept { return stream_.written(); }
    double probe_seconds() const noexcept { return 0.0; }  // the spikes are collected outside advance()

    /// Collective: the output file's report cut back to `written` (from the checkpoint at
    /// `checkpoint`). A checkpoint counting more spikes than the file holds is refused on every
    /// rank (collective_error, exit 2, naming the checkpoint).
    void resume(const std::string& checkpoint, h5_file& file, const std::vector<report_population>& pops,
                const std::vector<std::uint64_t>& written) {
        std::vector<std::uint64_t> held;
        for (const auto& p : pops) held.push_back(file.spike_count(p.name));  // collective reads
        restore_collectively(checkpoint, ctx_, [&] {
            for (std::size_t p = 0; p < pops.size(); ++p)
                if (written.at(p) > held[p])
                    throw checkpoint_damage("spikes_written counts " + std::to_string(written[p]) + " spikes of " +
                                            pops[p].name + ", the output file " + file.path() + " holds only " +
                                            std::to_string(held[p]));
        });
        stream_.resume(written);
    }

private:
    const context& ctx_;
    Observers& obs_;
    spike_stream& stream_;
};

}  // namespace balnet
