// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/run/run_checkpoint.hpp>

#include <balnet/core/error.hpp>
#include <balnet/io/h5_file.hpp>
#include <balnet/run/checkpoint_file.hpp>

namespace balnet {
namespace {

template <typename T>
void write_field(h5_file& f, const std::string& name, const state_field& field, std::span<const T> v,
                 const context& ctx) {
    switch (field.where) {
        case state_field::scope::shared: write_shared_array(f, name, v); break;
        case state_field::scope::item: write_items(f, name, v, {field.first, field.n_items, field.stride}, ctx); break;
        case state_field::scope::summed: write_summed(f, name, v, ctx); break;
        case state_field::scope::rank: write_rank_blocks(f, name, v, ctx); break;
    }
}

void write_fields(h5_file& f, const std::string& prefix, const named_state& s, const context& ctx) {
    for (const auto& field : s.fields()) {
        const std::string name = prefix + field.name;
        if (field.whole)
            write_field(f, name, field, std::span<const std::uint64_t>(field.counts), ctx);
        else
            write_field(f, name, field, std::span<const double>(field.reals), ctx);
    }
}

// `ranks`: the rank count that wrote the file. Rank blocks are readable only at that count.
template <typename T>
std::vector<T> read_field(const h5_file& f, const std::string& name, const state_field& layout, const context& ctx,
                          std::int64_t ranks, const std::string& path) {
    switch (layout.where) {
        case state_field::scope::shared: return read_shared_array<T>(f, name);
        case state_field::scope::item: {
            const auto size = layout.whole ? layout.counts.size() : layout.reals.size();
            return read_items<T>(f, name, {layout.first, layout.n_items, layout.stride}, size / layout.stride,
                                 layout.any_stride);
        }
        case state_field::scope::summed: {
            auto v = read_shared_array<T>(f, name);
            if (ctx.rank() != 0) v.clear();  // the sum lives on rank 0 alone
            return v;
        }
        case state_field::scope::rank: break;
    }
    if (ranks != ctx.size())
        throw config_error("--resume", path,
                           "a checkpoint written with the same number of ranks, since its " + name +
                               " is kept per rank (it has " + std::to_string(ranks) + ", this run " +
                               std::to_string(ctx.size()) + ")");
    return read_rank_blocks<T>(f, name, ctx);
}

// Whole numbers above the field's bound are damage (a refractory counter of 2^40, ...).
void require_bound(const std::vector<std::uint64_t>& v, const std::string& name, std::uint64_t max,
                   const context& ctx) {
    for (const auto x : v)
        if (x > max)
            throw checkpoint_damage("dataset " + name + " of rank " + std::to_string(ctx.rank()) + " holds " +
                                    std::to_string(x) + ", more than " + std::to_string(max));
}

named_state read_fields(const h5_file& f, const std::string& prefix, const named_state& layout, const context& ctx,
                        std::int64_t ranks, const std::string& path) {
    named_state s = layout;
    for (auto& field : s.fields()) {
        const std::string name = prefix + field.name;
        if (field.whole) {
            field.counts = read_field<std::uint64_t>(f, name, field, ctx, ranks, path);
            require_bound(field.counts, name, field.max_count, ctx);
        } else {
            field.reals = read_field<double>(f, name, field, ctx, ranks, path);
            require_finite(field.reals, name, ctx);
        }
    }
    return s;
}

}  // namespace

void write_run_checkpoint(const std::string& path, const context& ctx, const std::string& ini,
                          const checkpoint_kind& kind, const run_checkpoint& c) {
    write_checkpoint_file(path, ctx, ini, {kind.model, c.steps}, [&](h5_file& f) {
        write_fields(f, "/engine/", c.engine, ctx);
        write_fields(f, "/observers/", c.observers, ctx);
        write_report_length(f, kind.report, c.written);
    });
}

run_checkpoint read_run_checkpoint(const std::string& path, const context& ctx, const std::string& ini,
                                   const checkpoint_kind& kind, const named_state& engine_layout,
                                   const named_state& observer_layout) {
    run_checkpoint c;
    const auto f = open_checkpoint_file(path, ini, c.steps);
    const auto ranks = f.read_int_attribute("/", "n_ranks");  // checksummed by open_checkpoint_file
    c.engine = read_fields(f, "/engine/", engine_layout, ctx, ranks, path);
    c.observers = read_fields(f, "/observers/", observer_layout, ctx, ranks, path);
    c.written = read_report_length(f, kind.report, kind.report_entries);
    return c;
}

}  // namespace balnet
