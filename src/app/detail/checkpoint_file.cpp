// SPDX-License-Identifier: BSD-3-Clause
#include "checkpoint_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <balnet/core/error.hpp>

namespace balnet::detail {

void write_checkpoint_file(const std::string& path, const context& ctx, const std::string& ini,
                           const checkpoint_header& header, const std::function<void(h5_file&)>& body) {
    const std::string tmp = path + ".tmp";
    {
        auto f = h5_file::create(tmp, ctx);
        f.write_attribute("/", "model", header.model);
        f.write_attribute("/", "steps", static_cast<std::int64_t>(header.steps));
        f.write_attribute("/", "n_ranks", static_cast<std::int64_t>(ctx.size()));
        f.write_attribute("/", "config", ini);
        body(f);
        f.finish();
    }
    int failed = 0;
    std::string reason;
    if (ctx.rank() == 0 && std::rename(tmp.c_str(), path.c_str()) != 0) {
        failed = 1;
        reason = std::strerror(errno);
    }
    if (ctx.any(failed != 0))
        throw io_error("cannot write checkpoint " + path + ": " + (reason.empty() ? "rename failed on rank 0" : reason));
}

h5_file open_checkpoint_file(const std::string& path, const context& ctx, const std::string& ini,
                             step_type& steps) {
    auto f = h5_file::open_read(path);
    const auto ranks = f.read_int_attribute("/", "n_ranks");
    if (ranks != ctx.size())
        throw config_error("--resume", path, "a checkpoint written with the same number of ranks (it has " +
                                                 std::to_string(ranks) + ", this run " +
                                                 std::to_string(ctx.size()) + ")");
    if (f.read_string_attribute("/", "config") != ini)
        throw config_error("--resume", path, "a checkpoint of the same configuration (the resolved "
                                             "configurations differ)");
    steps = f.read_int_attribute("/", "steps");
    return f;
}

bool checkpoint_exists(const std::string& path, const context& ctx) {
    struct stat st {};
    const bool here = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    return ctx.broadcast(here ? "1" : "0") == "1";
}

template <typename T>
void write_rank_blocks(h5_file& f, const std::string& name, std::span<const T> local, const context& ctx) {
    const std::uint64_t mine = local.size();
    f.write_distributed(name, local, ctx.exclusive_scan(mine), ctx.sum(mine), "");
    f.write_distributed(name + "_count", std::span<const std::uint64_t>(&mine, 1),
                        static_cast<std::uint64_t>(ctx.rank()), static_cast<std::uint64_t>(ctx.size()), "");
}

template <typename T>
std::vector<T> read_rank_blocks(const h5_file& f, const std::string& name, const context& ctx) {
    const auto counts = f.read_1d<std::uint64_t>(name + "_count");
    if (counts.size() != static_cast<std::size_t>(ctx.size()))
        throw io_error("checkpoint " + f.path() + ": " + name + "_count has " + std::to_string(counts.size()) +
                       " entries for " + std::to_string(ctx.size()) + " ranks");
    std::uint64_t off = 0;
    for (int r = 0; r < ctx.rank(); ++r) off += counts[static_cast<std::size_t>(r)];
    const auto all = f.read_1d<T>(name);
    const std::uint64_t n = counts[static_cast<std::size_t>(ctx.rank())];
    if (off + n > all.size())
        throw io_error("checkpoint " + f.path() + ": " + name + " is shorter than its counts say");
    return {all.begin() + static_cast<std::ptrdiff_t>(off), all.begin() + static_cast<std::ptrdiff_t>(off + n)};
}

template void write_rank_blocks<double>(h5_file&, const std::string&, std::span<const double>, const context&);
template void write_rank_blocks<std::uint64_t>(h5_file&, const std::string&, std::span<const std::uint64_t>,
                                               const context&);
template void write_rank_blocks<std::int64_t>(h5_file&, const std::string&, std::span<const std::int64_t>,
                                              const context&);
template std::vector<double> read_rank_blocks<double>(const h5_file&, const std::string&, const context&);
template std::vector<std::uint64_t> read_rank_blocks<std::uint64_t>(const h5_file&, const std::string&,
                                                                    const context&);
template std::vector<std::int64_t> read_rank_blocks<std::int64_t>(const h5_file&, const std::string&,
                                                                  const context&);

void write_report_length(h5_file& f, std::span<const std::uint64_t> written) {
    const std::vector<double> n(written.begin(), written.end());  // < 2^53: exact
    f.write_attribute("/", "spikes_written", std::span<const double>(n));
}

std::vector<std::uint64_t> read_report_length(const h5_file& f, const std::string& path, std::size_t populations) {
    const auto n = f.read_double_array_attribute("/", "spikes_written");
    if (n.size() != populations)
        throw io_error("checkpoint " + path + ": spikes_written has " + std::to_string(n.size()) +
                       " entries for " + std::to_string(populations) + " populations");
    std::vector<std::uint64_t> out;
    for (const double x : n) {
        if (!(x >= 0.0 && x < 9007199254740992.0) || x != std::floor(x))
            throw io_error("checkpoint " + path + ": spikes_written holds " + std::to_string(x) +
                           ", not a spike count");
        out.push_back(static_cast<std::uint64_t>(x));
    }
    return out;
}

}  // namespace balnet::detail
