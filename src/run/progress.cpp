// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/run/progress.hpp>

#include <unistd.h>

#include <cmath>

namespace balnet {

progress::progress(std::int64_t total_steps, bool enabled, bool force, std::FILE* out,
                   double interval, double delay)
    : total_(total_steps), active_(enabled && (force || isatty(fileno(out)))), out_(out),
      interval_(interval), delay_(force ? 0.0 : delay), start_(std::chrono::steady_clock::now()),
      last_(start_) {}

std::string progress::line(std::int64_t done, std::int64_t total, double elapsed) {
    const double pct = total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
    char buf[160];
    std::snprintf(buf, sizeof buf, "%5.1f%%  step %lld/%lld  %.3g steps/s  ETA %.0f s", pct,
                  static_cast<long long>(done), static_cast<long long>(total), rate, std::ceil(eta));
    return buf;
}

void progress::report(std::int64_t done, bool final) {
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (!final && (elapsed < delay_ || std::chrono::duration<double>(now - last_).count() < interval_))
        return;
    last_ = now;
    printed_ = true;
    std::fprintf(out_, "\r%s%s", line(done, total_, elapsed).c_str(), final ? "\n" : "");
    std::fflush(out_);
}

void progress::finish(std::int64_t done) {
    if (active_ && printed_) report(done, true);
}

}  // namespace balnet
