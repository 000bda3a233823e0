// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/run/spike_stream.hpp>

#include <algorithm>

#include <balnet/core/error.hpp>

namespace balnet {

spike_stream::spike_stream(h5_file& file, std::vector<report_population> pops, double dt_ms,
                           const context& ctx, double sync_seconds, std::string root)
    : file_(file), pops_(std::move(pops)), dt_(dt_ms), ctx_(ctx), sync_seconds_(sync_seconds),
      last_sync_(std::chrono::steady_clock::now()), written_(pops_.size(), 0), root_(std::move(root)) {
    for (const auto& p : pops_) file_.append_spikes(p.name, {}, {}, spike_sorting::by_time, root_);
}

void spike_stream::add(std::span<const spike> local) { buffer_.insert(buffer_.end(), local.begin(), local.end()); }

void spike_stream::flush(step_type now, bool to_disk) {
    auto all = ctx_.gather_all(std::span<const spike>(buffer_));
    buffer_.clear();
    std::vector<spike> sorted(all.values().begin(), all.values().end());
    std::sort(sorted.begin(), sorted.end());
    const auto P = static_cast<std::size_t>(ctx_.size()), r = static_cast<std::size_t>(ctx_.rank());
    std::vector<std::uint64_t> ids;
    std::vector<double> ts;
    for (std::size_t p = 0; p < pops_.size(); ++p) {
        const gid_type first = pops_[p].first, last = first + pops_[p].size;
        std::vector<const spike*> mine;
        for (const auto& s : sorted)
            if (s.gid >= first && s.gid < last) mine.push_back(&s);
        // Rank r writes the r-th contiguous slice of the sorted block.
        const std::size_t n = mine.size(), b = n * r / P, e = n * (r + 1) / P;
        ids.clear();
        ts.clear();
        for (std::size_t k = b; k < e; ++k) {
            ids.push_back(mine[k]->gid - first);
            ts.push_back(static_cast<double>(mine[k]->step) * dt_);
        }
        file_.append_spikes(pops_[p].name, ids, ts, spike_sorting::by_time, root_);
        written_[p] += n;
    }
    const auto clock = std::chrono::steady_clock::now();
    const bool due = std::chrono::duration<double>(clock - last_sync_).count() >= sync_seconds_;
    if (!ctx_.any(to_disk || due)) return;  // one answer on every rank
    file_.write_attribute("/", "steps_flushed", static_cast<std::int64_t>(now));
    file_.flush();
    last_sync_ = clock;
}

void spike_stream::resume(std::span<const std::uint64_t> written) {
    if (written.size() != pops_.size())
        throw io_error("checkpoint counts spikes of " + std::to_string(written.size()) + " populations, the run has " +
                       std::to_string(pops_.size()));
    for (std::size_t p = 0; p < pops_.size(); ++p) {
        file_.truncate_spikes(pops_[p].name, written[p], root_);
        written_[p] = written[p];
    }
    buffer_.clear();
    file_.flush();
}

}  // namespace balnet
