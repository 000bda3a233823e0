// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/run/checkpoint_file.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

bool regular_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

template <typename T>
std::uint64_t checksum_of(std::span<const T> values) {
    return checkpoint_checksum(std::as_bytes(values));
}

// The header's checksum: model, steps and n_ranks as text, separated by NUL bytes.
std::uint64_t header_checksum(const std::string& model, std::int64_t steps, std::int64_t ranks) {
    std::string s = model;
    s += '\0';
    s += std::to_string(steps);
    s += '\0';
    s += std::to_string(ranks);
    return checkpoint_checksum(std::as_bytes(std::span<const char>(s.data(), s.size())));
}

std::int64_t stored_checksum(const h5_file& f, const std::string& object, const std::string& name) {
    if (!f.has_attribute(object, name))
        throw checkpoint_damage("attribute " + name + " is missing (a checkpoint of an older balnet, or altered)");
    return f.read_int_attribute(object, name);
}

void require_dataset(const h5_file& f, const std::string& name) {
    if (!f.exists(name)) throw checkpoint_damage("dataset " + name + " is missing");
}

// FNV-1a of `bytes`, continuing from h.
std::uint64_t fnv_more(std::uint64_t h, std::span<const std::byte> bytes) {
    for (const std::byte b : bytes) {
        h ^= static_cast<std::uint64_t>(b);
        h *= 1099511628211ULL;
    }
    return h;
}

// The order-free checksum of items [first, first + values.size() / stride): the sum (mod 2^64)
// over items of the FNV-1a of the item's index and values. Ranks add their slices' sums, so the
// checksum of the whole does not depend on the partition that wrote it.
template <typename T>
std::uint64_t item_checksum(std::span<const T> values, std::uint64_t first, std::uint64_t stride) {
    std::uint64_t sum = 0;
    for (std::uint64_t k = 0; k * stride < values.size(); ++k) {
        const std::uint64_t index = first + k;
        const std::uint64_t h = fnv_more(14695981039346656037ULL, std::as_bytes(std::span<const std::uint64_t>(&index, 1)));
        sum += fnv_more(h, std::as_bytes(values.subspan(k * stride, stride)));
    }
    return sum;
}

}  // namespace

std::uint64_t checkpoint_checksum(std::span<const std::byte> bytes) {
    return fnv_more(14695981039346656037ULL, bytes) & 0x7fffffffffffffffULL;
}

void write_checkpoint_file(const std::string& path, const context& ctx, const std::string& ini,
                           const checkpoint_header& header, const std::function<void(h5_file&)>& body) {
    const std::string tmp = path + ".tmp", prev = path + ".prev";
    {
        auto f = h5_file::create(tmp, ctx);
        f.write_attribute("/", "model", header.model);
        f.write_attribute("/", "steps", static_cast<std::int64_t>(header.steps));
        f.write_attribute("/", "n_ranks", static_cast<std::int64_t>(ctx.size()));
        f.write_attribute("/", "header_checksum",
                          static_cast<std::int64_t>(header_checksum(header.model, header.steps, ctx.size())));
        f.write_attribute("/", "config", ini);
        body(f);
        f.finish();
    }
    int failed = 0;
    std::string reason;
    if (ctx.rank() == 0) {
        // Two generations: the checkpoint being replaced becomes <path>.prev. A hard link keeps
        // <path> in place until the rename below replaces it (a crash in between leaves both);
        // where links are not supported it is renamed.
        if (regular_file(path)) {
            std::remove(prev.c_str());
            if (::link(path.c_str(), prev.c_str()) != 0) std::rename(path.c_str(), prev.c_str());
        }
        if (std::rename(tmp.c_str(), path.c_str()) != 0) {
            failed = 1;
            reason = std::strerror(errno);
        }
    }
    if (ctx.any(failed != 0))
        throw io_error("cannot write checkpoint " + path + ": " + (reason.empty() ? "rename failed on rank 0" : reason));
}

h5_file open_checkpoint_file(const std::string& path, const std::string& ini, step_type& steps) {
    auto f = h5_file::open_read(path);
    for (const char* name : {"model", "steps", "n_ranks", "config"})
        if (!f.has_attribute("/", name)) throw checkpoint_damage(std::string("attribute ") + name + " is missing");
    const auto ranks = f.read_int_attribute("/", "n_ranks");
    const auto stored = f.read_int_attribute("/", "steps");
    const auto model = f.read_string_attribute("/", "model");
    if (static_cast<std::uint64_t>(stored_checksum(f, "/", "header_checksum")) != header_checksum(model, stored, ranks))
        throw checkpoint_damage("the header (model, steps, n_ranks) does not match its checksum (it was altered)");
    if (f.read_string_attribute("/", "config") != ini)
        throw config_error("--resume", path, "a checkpoint of the same configuration and model (the resolved "
                                             "configurations differ; the rank count may differ)");
    steps = stored;
    return f;
}

bool checkpoint_exists(const std::string& path, const context& ctx) {
    const std::string prev = path + ".prev";
    const std::string here = ctx.broadcast(regular_file(path) ? "1" : regular_file(prev) ? "p" : "0");
    if (here == "p")  // the newest was removed (or a crash hit the rename fallback): never start over silently
        throw collective_error("no checkpoint at " + path + ", but " + prev + " holds the previous one: move it to " +
                                   path + " to resume from it, or delete it to start from the beginning",
                               2);
    return here == "1";
}

template <typename T>
void write_rank_blocks(h5_file& f, const std::string& name, std::span<const T> local, const context& ctx) {
    const std::uint64_t mine = local.size();
    f.write_distributed(name, local, ctx.exclusive_scan(mine), ctx.sum(mine), "");
    const auto rank = static_cast<std::uint64_t>(ctx.rank()), ranks = static_cast<std::uint64_t>(ctx.size());
    f.write_distributed(name + "_count", std::span<const std::uint64_t>(&mine, 1), rank, ranks, "");
    const std::uint64_t sum = checksum_of(local);
    f.write_distributed(name + "_checksum", std::span<const std::uint64_t>(&sum, 1), rank, ranks, "");
}

template <typename T>
std::vector<T> read_rank_blocks(const h5_file& f, const std::string& name, const context& ctx, std::size_t expected) {
    for (const auto& n : {name, name + "_count", name + "_checksum"}) require_dataset(f, n);
    const auto ranks = static_cast<std::size_t>(ctx.size()), rank = static_cast<std::size_t>(ctx.rank());
    const auto counts = f.read_1d<std::uint64_t>(name + "_count");
    const auto sums = f.read_1d<std::uint64_t>(name + "_checksum");
    for (const auto* v : {&counts, &sums})
        if (v->size() != ranks)
            throw checkpoint_damage("dataset " + name + (v == &counts ? "_count" : "_checksum") + " has " +
                                    std::to_string(v->size()) + " entries for " + std::to_string(ranks) + " ranks");
    const auto all = f.read_1d<T>(name);
    std::uint64_t total = 0, off = 0;
    for (std::size_t r = 0; r < ranks; ++r) {
        if (counts[r] > all.size() - total)  // no overflow: total <= all.size()
            throw checkpoint_damage("dataset " + name + " holds " + std::to_string(all.size()) +
                                    " values, fewer than its counts (" + name + "_count) say");
        if (r == rank) off = total;
        total += counts[r];
    }
    if (total != all.size())
        throw checkpoint_damage("dataset " + name + " holds " + std::to_string(all.size()) + " values, its counts (" +
                                name + "_count) add up to " + std::to_string(total));
    const std::uint64_t n = counts[rank];
    std::vector<T> block(all.begin() + static_cast<std::ptrdiff_t>(off),
                         all.begin() + static_cast<std::ptrdiff_t>(off + n));
    if (checksum_of(std::span<const T>(block)) != sums[rank])
        throw checkpoint_damage("dataset " + name + " of rank " + std::to_string(rank) +
                                ": the values do not match their checksum (they were altered)");
    if (expected != static_cast<std::size_t>(-1) && block.size() != expected)
        throw checkpoint_damage("dataset " + name + " of rank " + std::to_string(rank) + " holds " +
                                std::to_string(block.size()) + " values, this run's rank " + std::to_string(rank) +
                                " expects " + std::to_string(expected));
    return block;
}

template <typename T>
void write_shared_array(h5_file& f, const std::string& name, std::span<const T> values) {
    f.write_array(name, values, "");
    const std::uint64_t sum = checksum_of(values);
    f.write_array(name + "_checksum", std::span<const std::uint64_t>(&sum, 1), "");
}

template <typename T>
std::vector<T> read_shared_array(const h5_file& f, const std::string& name) {
    for (const auto& n : {name, name + "_checksum"}) require_dataset(f, n);
    const auto sum = f.read_1d<std::uint64_t>(name + "_checksum");
    if (sum.size() != 1) throw checkpoint_damage("dataset " + name + "_checksum is not one value");
    auto values = f.read_1d<T>(name);
    if (checksum_of(std::span<const T>(values)) != sum.front())
        throw checkpoint_damage("dataset " + name + ": the values do not match their checksum (they were altered)");
    return values;
}

template void write_rank_blocks<double>(h5_file&, const std::string&, std::span<const double>, const context&);
template void write_rank_blocks<std::uint64_t>(h5_file&, const std::string&, std::span<const std::uint64_t>,
                                               const context&);
template void write_rank_blocks<std::int64_t>(h5_file&, const std::string&, std::span<const std::int64_t>,
                                              const context&);
template std::vector<double> read_rank_blocks<double>(const h5_file&, const std::string&, const context&,
                                                      std::size_t);
template std::vector<std::uint64_t> read_rank_blocks<std::uint64_t>(const h5_file&, const std::string&,
                                                                    const context&, std::size_t);
template std::vector<std::int64_t> read_rank_blocks<std::int64_t>(const h5_file&, const std::string&,
                                                                  const context&, std::size_t);
template void write_shared_array<double>(h5_file&, const std::string&, std::span<const double>);
template void write_shared_array<std::uint64_t>(h5_file&, const std::string&, std::span<const std::uint64_t>);
template std::vector<double> read_shared_array<double>(const h5_file&, const std::string&);
template void write_items<double>(h5_file&, const std::string&, std::span<const double>, const item_slice&,
                                  const context&);
template void write_items<std::uint64_t>(h5_file&, const std::string&, std::span<const std::uint64_t>,
                                         const item_slice&, const context&);
template std::vector<double> read_items<double>(const h5_file&, const std::string&, item_slice, std::uint64_t, bool);
template std::vector<std::uint64_t> read_items<std::uint64_t>(const h5_file&, const std::string&, item_slice,
                                                              std::uint64_t, bool);
template void write_summed<double>(h5_file&, const std::string&, std::span<const double>, const context&);
template void write_summed<std::uint64_t>(h5_file&, const std::string&, std::span<const std::uint64_t>,
                                          const context&);
template std::vector<std::uint64_t> read_shared_array<std::uint64_t>(const h5_file&, const std::string&);

template <typename T>
void write_items(h5_file& f, const std::string& name, std::span<const T> local, const item_slice& items,
                 const context& ctx) {
    f.write_distributed(name, local, items.first * items.stride, items.n_items * items.stride, "");
    const std::uint64_t sum = ctx.sum(item_checksum(local, items.first, items.stride)) & 0x7fffffffffffffffULL;
    f.write_array(name + "_checksum", std::span<const std::uint64_t>(&sum, 1), "");
}

template <typename T>
std::vector<T> read_items(const h5_file& f, const std::string& name, item_slice items, std::uint64_t count,
                          bool any_stride) {
    for (const auto& n : {name, name + "_checksum"}) require_dataset(f, n);
    const auto sum = f.read_1d<std::uint64_t>(name + "_checksum");
    if (sum.size() != 1) throw checkpoint_damage("dataset " + name + "_checksum is not one value");
    const auto all = f.read_1d<T>(name);
    if (any_stride && items.n_items > 0) items.stride = std::max<std::uint64_t>(1, all.size() / items.n_items);
    if (all.size() != items.n_items * items.stride)
        throw checkpoint_damage("dataset " + name + " holds " + std::to_string(all.size()) + " values, this run expects " +
                                std::to_string(items.n_items) + " items of " + std::to_string(items.stride));
    if ((item_checksum(std::span<const T>(all), 0, items.stride) & 0x7fffffffffffffffULL) != sum.front())
        throw checkpoint_damage("dataset " + name + ": the values do not match their checksum (they were altered)");
    const auto b = all.begin() + static_cast<std::ptrdiff_t>(items.first * items.stride);
    return std::vector<T>(b, b + static_cast<std::ptrdiff_t>(count * items.stride));
}

template <typename T>
void write_summed(h5_file& f, const std::string& name, std::span<const T> local, const context& ctx) {
    std::vector<T> total(local.begin(), local.end());
    total.resize(static_cast<std::size_t>(ctx.max(static_cast<std::int64_t>(local.size()))), T{0});
    ctx.sum_inplace(std::span<T>(total));
    write_shared_array(f, name, std::span<const T>(total));
}

void require_finite(std::span<const double> values, const std::string& name, const context& ctx) {
    std::size_t bad = 0;
    for (const double x : values) bad += std::isfinite(x) ? 0 : 1;
    if (bad > 0)
        throw checkpoint_damage("dataset " + name + " of rank " + std::to_string(ctx.rank()) + ": " +
                                std::to_string(bad) + (bad == 1 ? " value is" : " values are") + " not finite");
}

void require_steps(step_type steps, step_type total, step_type chunk) {
    if (steps < 1 || steps > total)
        throw checkpoint_damage("steps = " + std::to_string(steps) + " is outside [1, " + std::to_string(total) +
                                "], the steps of this run");
    if (chunk > 0 && steps % chunk != 0)
        throw checkpoint_damage("steps = " + std::to_string(steps) + " is not a multiple of " +
                                std::to_string(chunk) + " (checkpoints fall on chunk ends)");
}

void write_report_length(h5_file& f, const std::string& name, std::span<const std::uint64_t> written) {
    const std::vector<double> n(written.begin(), written.end());  // < 2^53: exact
    f.write_attribute("/", name, std::span<const double>(n));
    f.write_attribute("/", name + "_checksum", static_cast<std::int64_t>(checksum_of(std::span<const double>(n))));
}

std::vector<std::uint64_t> read_report_length(const h5_file& f, const std::string& name, std::size_t entries) {
    if (!f.has_attribute("/", name)) throw checkpoint_damage("attribute " + name + " is missing");
    const auto n = f.read_double_array_attribute("/", name);
    if (n.size() != entries)
        throw checkpoint_damage(name + " has " + std::to_string(n.size()) + " entries, not " + std::to_string(entries));
    if (static_cast<std::uint64_t>(stored_checksum(f, "/", name + "_checksum")) != checksum_of(std::span<const double>(n)))
        throw checkpoint_damage("attribute " + name + " does not match its checksum (it was altered)");
    std::vector<std::uint64_t> out;
    for (const double x : n) {
        if (!(x >= 0.0 && x < 9007199254740992.0) || x != std::floor(x))
            throw checkpoint_damage(name + " holds " + std::to_string(x) + ", not a count");
        out.push_back(static_cast<std::uint64_t>(x));
    }
    return out;
}

void restore_collectively(const std::string& path, const context& ctx, const std::function<void()>& restore) {
    std::string what;
    bool damage = true;
    try {
        restore();
    } catch (const config_error& e) {  // another rank count or configuration: not damage
        what = e.what();
        damage = false;
    } catch (const std::exception& e) {
        what = e.what();
        if (what.empty()) what = "unreadable";
    } catch (...) {
        what = "unreadable (unknown failure)";
    }
    const std::int64_t first = ctx.min(static_cast<std::int64_t>(what.empty() ? ctx.size() : ctx.rank()));
    if (first == ctx.size()) return;
    std::string text = what;
    if (damage) {
        const std::string prefix = "checkpoint " + path + ": ";
        if (what.rfind(prefix, 0) == 0) what.erase(0, prefix.size());
        std::replace(what.begin(), what.end(), '\n', ' ');  // one line (HDF5's messages)
        text = prefix + what;
        if (regular_file(path + ".prev"))
            text += "; the previous checkpoint is " + path + ".prev: move it to " + path + " to resume from it";
    }
    throw collective_error(ctx.broadcast(text, static_cast<int>(first)), 2);
}

}  // namespace balnet
