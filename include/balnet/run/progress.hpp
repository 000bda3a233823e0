// SPDX-License-Identifier: BSD-3-Clause
// Progress of a long run on rank 0's stderr: percent, steps/s and ETA, refreshed at most every
// `interval` seconds, and only after the run has taken a couple of seconds (short runs stay
// silent). Quiet when stderr is not a terminal unless forced (--progress): batch logs stay clean.
// Not collective: only rank 0 constructs an active one.
#pragma once
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace balnet {

class progress {
public:
    /// enabled: this rank reports at all; force: report even when stderr is not a terminal.
    progress(std::int64_t total_steps, bool enabled, bool force, std::FILE* out = stderr,
             double interval = 1.0, double delay = 2.0);

    /// Called after every step (cheap: one clock read every 256 calls).
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
    std::int64_t total_;
    bool active_;
    bool printed_ = false;
    std::FILE* out_;
    double interval_, delay_;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace balnet
