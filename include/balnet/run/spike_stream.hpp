// SPDX-License-Identifier: BSD-3-Clause
// The SONATA spike report of a running simulation, written while it runs (the recorder seam: the sink
// streams spikes). Each rank buffers its own spikes; a flush (collective) merges every rank's
// buffer in the canonical (step, gid) order and appends it to /spikes/<population>/ of the run's
// file, rank r writing the r-th contiguous slice. The file is pushed to disk (H5Fflush, which
// fsyncs: tens of ms) only when asked (checkpoints, the end) or when sync_seconds of wall time
// have passed since the last time, so that frequent flushes cost little. So no rank ever
// holds more than one flush interval of spikes, its own or others', and the report is sorted by
// time and the same bits for any rank count: the concatenation of sorted, time-ordered blocks
// is the sorted whole. A resumed run truncates the report to what its checkpoint had counted.
#pragma once
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <balnet/comm/context.hpp>
#include <balnet/core/types.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/spiking/spike.hpp>

namespace balnet {

/// One population of the report: node ids are gid - first.
struct report_population {
    std::string name;
    gid_type first = 0;
    std::uint64_t size = 0;
};

class spike_stream {
public:
    /// Creates the (empty) report of every population in `file` (collective). dt_ms converts
    /// steps to timestamps; sync_seconds: wall time between pushes of the file to disk.
    /// `root`: the group of the report (a trial's of a run with run.trials: /trials/<k>/spikes).
    spike_stream(h5_file& file, std::vector<report_population> pops, double dt_ms, const context& ctx,
                 double sync_seconds = 60.0, std::string root = "/spikes");

    /// This rank's spikes, in the order the engine emitted them.
    void add(std::span<const spike> local);
    /// Collective: appends everything buffered on every rank (spikes stamped <= now). When
    /// `to_disk` or sync_seconds have passed on some rank since the last push, also records
    /// `now` as the file's `steps_flushed` attribute and pushes the file to disk: a run killed
    /// later leaves a file with at least the spikes stamped <= steps_flushed.
    void flush(step_type now, bool to_disk);
    /// Spikes in the file per population (the same on every rank), after the last flush.
    const std::vector<std::uint64_t>& written() const noexcept { return written_; }
    /// Spikes buffered here and not yet flushed.
    std::size_t buffered() const noexcept { return buffer_.size(); }
    /// Collective: a resumed run's report, cut back to `written` spikes per population.
    void resume(std::span<const std::uint64_t> written);

private:
    h5_file& file_;
    std::vector<report_population> pops_;
    double dt_;
    const context& ctx_;
    double sync_seconds_;
    std::chrono::steady_clock::time_point last_sync_;
    std::vector<spike> buffer_;
    std::vector<std::uint64_t> written_;
    std::string root_;
};

}  // namespace balnet
