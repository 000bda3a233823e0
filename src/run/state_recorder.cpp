// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/run/state_recorder.hpp>

#include <algorithm>

namespace balnet {
namespace {
constexpr const char* var_names[3] = {"x", "phi", "eta"};
}

state_recorder::state_recorder(h5_file& file, const network_spec& net, const partition& part,
                               std::span<const gid_type> traced, std::uint64_t n_samples,
                               bool reopen, std::uint64_t flush_every)
    : file_(file), n_samples_(n_samples), flush_every_(std::max<std::uint64_t>(1, flush_every)) {
    for (std::size_t p = 0; p < net.populations.size(); ++p) {
        const gid_type first = net.offset(p), last = first + net.populations[p].size;
        // Traced units of this population, and those of them this rank owns (a contiguous run).
        std::uint64_t total = 0, col0 = 0, ncols = 0;
        gid_type first_owned = 0;
        for (gid_type g : traced) {
            if (g < first || g >= last) continue;
            if (g < part.begin()) ++col0;
            if (part.owns(g)) {
                if (ncols == 0) first_owned = g;
                ++ncols;
            }
            ++total;
        }
        pops_.push_back(net.populations[p].name);
        blocks_.push_back({col0, ncols, ncols ? first_owned - part.begin() : 0});
        total_cols_.push_back(total);
    }
    buf_.resize(pops_.size() * 3);
    if (!reopen) file_.write_attribute("/state", "sample_count", n_samples_);
    for (std::size_t p = 0; p < pops_.size(); ++p)
        for (const char* v : var_names)
            sets_.push_back(reopen ? file_.open_2d<double>("/state/" + pops_[p] + "/" + v) : file_.create_2d<double>("/state/" + pops_[p] + "/" + v, n_samples_, total_cols_[p], "1",
                                    std::min<std::uint64_t>(std::max<std::uint64_t>(n_samples_, 1), flush_every_)));
}

void state_recorder::record(std::span<const double> x, std::span<const double> phi,
                            std::span<const double> eta) {
    const std::span<const double> vars[3] = {x, phi, eta};
    for (std::size_t p = 0; p < pops_.size(); ++p)
        for (std::size_t v = 0; v < 3; ++v) {
            const auto& b = blocks_[p];
            const auto src = vars[v].subspan(b.local0, b.ncols);
            buf_[p * 3 + v].insert(buf_[p * 3 + v].end(), src.begin(), src.end());
        }
    if (++buffered_ == flush_every_) flush();
}

void state_recorder::flush() {
    // Every rank joins every write, with zero columns where it owns no traced unit.
    const std::uint64_t rows = std::min(buffered_, n_samples_ - std::min(written_, n_samples_));
    for (std::size_t p = 0; p < pops_.size(); ++p)
        for (std::size_t v = 0; v < 3; ++v) {
            auto& ds = sets_[p * 3 + v];
            const auto& b = blocks_[p];
            ds.write_block(written_, rows, b.col0, b.ncols,
                           std::span<const double>(buf_[p * 3 + v].data(), rows * b.ncols));
            buf_[p * 3 + v].clear();
        }
    written_ += rows;
    buffered_ = 0;
}

void state_recorder::close() {
    if (buffered_ > 0) flush();
    for (auto& ds : sets_) ds.close();
    sets_.clear();
}

}  // namespace balnet
