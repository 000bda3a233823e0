// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/run/run_checkpoint.hpp>

#include <balnet/io/h5_file.hpp>
#include <balnet/run/checkpoint_file.hpp>

namespace balnet {
namespace {

void write_fields(h5_file& f, const std::string& prefix, const named_state& s, const context& ctx) {
    for (const auto& field : s.fields()) {
        const std::string name = prefix + field.name;
        const bool shared = field.where == state_field::scope::shared;
        if (field.whole) {
            const std::span<const std::uint64_t> v(field.counts);
            shared ? write_shared_array(f, name, v) : write_rank_blocks(f, name, v, ctx);
        } else {
            const std::span<const double> v(field.reals);
            shared ? write_shared_array(f, name, v) : write_rank_blocks(f, name, v, ctx);
        }
    }
}

template <typename T>
std::vector<T> read_field(const h5_file& f, const std::string& name, const state_field& layout, const context& ctx) {
    return layout.where == state_field::scope::shared ? read_shared_array<T>(f, name)
                                                      : read_rank_blocks<T>(f, name, ctx);
}

// Whole numbers above the field's bound are damage (a refractory counter of 2^40, ...).
void require_bound(const std::vector<std::uint64_t>& v, const std::string& name, std::uint64_t max,
                   const context& ctx) {
    for (const auto x : v)
        if (x > max)
            throw checkpoint_damage("dataset " + name + " of rank " + std::to_string(ctx.rank()) + " holds " +
                                    std::to_string(x) + ", more than " + std::to_string(max));
}

named_state read_fields(const h5_file& f, const std::string& prefix, const named_state& layout, const context& ctx) {
    named_state s = layout;
    for (auto& field : s.fields()) {
        const std::string name = prefix + field.name;
        if (field.whole) {
            field.counts = read_field<std::uint64_t>(f, name, field, ctx);
            require_bound(field.counts, name, field.max_count, ctx);
        } else {
            field.reals = read_field<double>(f, name, field, ctx);
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
    const auto f = open_checkpoint_file(path, ctx, ini, c.steps);
    c.engine = read_fields(f, "/engine/", engine_layout, ctx);
    c.observers = read_fields(f, "/observers/", observer_layout, ctx);
    c.written = read_report_length(f, kind.report, kind.report_entries);
    return c;
}

}  // namespace balnet
