// SPDX-License-Identifier: BSD-3-Clause
// Progress of a long run on rank 0's stderr: percent, steps/s and ETA. On a terminal one line is
// refreshed in place at most every `interval` seconds. In a batch log (stderr not a terminal:
// mpirun, SLURM) whole lines are appended instead, with rank 0's peak memory, at every 10 % of the
// run and every `log_interval` seconds, whichever comes first (log_interval 0: none), so a long
// job's log shows how it goes. Either way only after the run has taken `delay` seconds: short runs
// stay silent. --progress (force) gives the terminal form anywhere. Not collective: only rank 0
// constructs an active one.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace balnet {

class progress {
public:
    /// enabled: this rank reports at all; force: the terminal form even when stderr is not one.
    progress(std::int64_t total_steps, bool enabled, bool force, double log_interval = 60.0,
             std::FILE* out = stderr, double interval = 1.0, double delay = 2.0);

    /// Called after every step or chunk (cheap: one clock read every 256 steps).
    void update(std::int64_t done) {
        if (!active_ || (done & 255) != 0) return;
        report(done, false);
    }
    /// Final line (if anything was printed).
    void finish(std::int64_t done);

    /// The line that would be printed (exposed for tests).
    static std::string line(std::int64_t done, std::int64_t total, double elapsed);

private:
    void report(std::int64_t done, bool final);
    bool due(std::int64_t done, double elapsed, std::chrono::steady_clock::time_point now) const;
    std::int64_t total_;
    bool active_;
    bool log_;  // batch log: whole lines
    bool printed_ = false;
    std::FILE* out_;
    double interval_, delay_;
    std::int64_t next_mark_ = 0;  // log: the next 10 % of the run
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace balnet
