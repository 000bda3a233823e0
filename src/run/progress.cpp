// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/run/progress.hpp>

#include <unistd.h>

#include <cmath>

#include <balnet/core/process_memory.hpp>

namespace balnet {

progress::progress(std::int64_t total_steps, bool enabled, bool force, double log_interval, std::FILE* out,
                   double interval, double delay)
    : total_(total_steps), log_(!force && !isatty(fileno(out))), out_(out),
      interval_(log_ ? log_interval : interval), delay_(force ? 0.0 : delay),
      next_mark_(total_steps / 10), start_(std::chrono::steady_clock::now()), last_(start_) {
    active_ = enabled && (!log_ || log_interval > 0);
}

std::string progress::line(std::int64_t done, std::int64_t total, double elapsed) {
    const double pct = total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%5.1f%%  step %lld/%lld  %.3g steps/s  ETA %.0f s", pct,
                  static_cast<long long>(done), static_cast<long long>(total), rate, std::ceil(eta));
    return buf;
}

// Terminal: every `interval` seconds. Log: at the next 10 % mark or after `interval` seconds.
bool progress::due(std::int64_t done, double elapsed, std::chrono::steady_clock::time_point now) const {
    if (elapsed < delay_) return false;
    const bool waited = std::chrono::duration<double>(now - last_).count() >= interval_;
    return waited || (log_ && next_mark_ > 0 && done >= next_mark_);
}

void progress::report(std::int64_t done, bool final) {
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (!final && !due(done, elapsed, now)) return;
    last_ = now;
    printed_ = true;
    if (log_) {
        while (next_mark_ > 0 && done >= next_mark_) next_mark_ += total_ / 10;
        std::fprintf(out_, "balnet progress: %s  peak memory %.0f MiB (rank 0)\n", line(done, total_, elapsed).c_str(),
                     static_cast<double>(peak_rss_bytes()) / 1048576.0);
    } else {
        std::fprintf(out_, "\r%s%s", line(done, total_, elapsed).c_str(), final ? "\n" : "");
    }
    std::fflush(out_);
}

void progress::finish(std::int64_t done) {
    if (active_ && printed_) report(done, true);
}

}  // namespace balnet
