// SPDX-License-Identifier: BSD-3-Clause
// A checkpointed state as named vectors: every engine and every run's observers export their
// state as a list of fields (a name, real values or whole numbers, and a scope saying how ranks
// hold them) and restore from the same list, so that one generic checkpoint
// (run/run_checkpoint.hpp) writes, checksums, validates and reads the state of any model without
// knowing it. The scopes that do not depend on the partition (shared, item, summed) let a
// checkpoint resume at any rank count; one `rank` field ties it to the rank count that wrote it. Reals must be finite and whole numbers stay within the field's bound: the
// checkpoint reader enforces both, so a restore() sees only values of the right kind and range
// (shapes are the owner's to check: only it knows them).
#pragma once
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <balnet/core/error.hpp>

namespace balnet {

/// One named vector of a state.
struct state_field {
    /// rank:   one block per rank, of any length (resumes only at the rank count that wrote it);
    /// shared: the same values on every rank;
    /// item:   this rank's contiguous slice [first, first + size / stride) of a global list of
    ///         n_items items (neurons in gid order, the recorded units, ...), `stride` values per
    ///         item: stored by item, so any partition of the list reads back its own slice;
    /// summed: values the ranks add up (whole numbers, or any whose sum is exact in any order;
    ///         blocks may differ in length: the shorter count as zero-padded): stored as the sum
    ///         over ranks, restored whole onto rank 0 and as nothing on the others.
    enum class scope { rank, shared, item, summed };
    std::string name;                   ///< unique within its state, e.g. "v", "ring"
    scope where = scope::rank;
    std::uint64_t first = 0;            ///< item: index of this rank's first item
    std::uint64_t n_items = 0;          ///< item: items of all ranks together
    std::uint64_t stride = 1;           ///< item: values per item (>= 1)
    /// item: the stride may differ from the reader's (rows that grow with the run, such as the
    /// samples of a trace): the reader takes the stored one (values / n_items)
    bool any_stride = false;
    bool whole = false;                 ///< whole numbers (`counts`) rather than reals (`reals`)
    std::vector<double> reals;          ///< finite
    std::vector<std::uint64_t> counts;  ///< each <= max_count
    std::uint64_t max_count = std::numeric_limits<std::uint64_t>::max();
};

class named_state {
public:
    /// A state of one field of reals, one block per rank (an object that serialises itself whole).
    static named_state of(std::string name, std::span<const double> v) {
        named_state n;
        n.add_reals(std::move(name), v);
        return n;
    }

    void add_reals(std::string name, std::span<const double> v, state_field::scope where = state_field::scope::rank) {
        state_field f;
        f.name = std::move(name);
        f.where = where;
        f.reals.assign(v.begin(), v.end());
        fields_.push_back(std::move(f));
    }
    void add_counts(std::string name, std::span<const std::uint64_t> v,
                    std::uint64_t max_count = std::numeric_limits<std::uint64_t>::max(),
                    state_field::scope where = state_field::scope::rank) {
        state_field f;
        f.name = std::move(name);
        f.where = where;
        f.whole = true;
        f.counts.assign(v.begin(), v.end());
        f.max_count = max_count;
        fields_.push_back(std::move(f));
    }
    void add_count(std::string name, std::uint64_t v, state_field::scope where = state_field::scope::rank) {
        add_counts(std::move(name), std::span<const std::uint64_t>(&v, 1), std::numeric_limits<std::uint64_t>::max(),
                   where);
    }
    /// Items [first, first + v.size() / stride) of n_items, `stride` values each (scope item).
    void add_item_reals(std::string name, std::span<const double> v, std::uint64_t first, std::uint64_t n_items,
                        std::uint64_t stride = 1) {
        add_reals(std::move(name), v, state_field::scope::item);
        set_items(first, n_items, stride);
    }
    /// The same for items whose stride grows with the run (any_stride).
    void add_item_rows(std::string name, std::span<const double> v, std::uint64_t first, std::uint64_t n_items,
                       std::uint64_t stride) {
        add_item_reals(std::move(name), v, first, n_items, stride);
        fields_.back().any_stride = true;
    }
    void add_item_counts(std::string name, std::span<const std::uint64_t> v, std::uint64_t max_count,
                         std::uint64_t first, std::uint64_t n_items, std::uint64_t stride = 1) {
        add_counts(std::move(name), v, max_count, state_field::scope::item);
        set_items(first, n_items, stride);
    }

    /// The field `name` (internal_error when it is missing or of the other kind).
    const std::vector<double>& reals(const std::string& name) const { return field(name, false).reals; }
    const std::vector<std::uint64_t>& counts(const std::string& name) const { return field(name, true).counts; }
    /// A field of exactly one whole number.
    std::uint64_t count(const std::string& name) const {
        const auto& c = counts(name);
        if (c.size() != 1) throw internal_error("state field " + name + ": not one value");
        return c.front();
    }

    /// Appends the fields of `part` (a part's state: a generic observer's, ...) named prefix + name.
    void append(named_state part, const std::string& prefix) {
        for (auto& f : part.fields_) {
            f.name = prefix + f.name;
            fields_.push_back(std::move(f));
        }
    }
    /// `layout` (the part's fresh state) with the values of this state's fields prefix + name
    /// (internal_error when one is missing): the inverse of append().
    named_state part(named_state layout, const std::string& prefix) const {
        for (auto& f : layout.fields_) {
            const auto& mine = field(prefix + f.name, f.whole);
            f.reals = mine.reals;
            f.counts = mine.counts;
        }
        return layout;
    }

    const std::vector<state_field>& fields() const noexcept { return fields_; }
    std::vector<state_field>& fields() noexcept { return fields_; }

private:
    void set_items(std::uint64_t first, std::uint64_t n_items, std::uint64_t stride) {
        auto& f = fields_.back();
        const std::uint64_t size = f.whole ? f.counts.size() : f.reals.size();
        if (stride == 0 || size % stride != 0 || first > n_items || size / stride > n_items - first)
            throw internal_error("state field " + f.name + ": items outside their list");
        f.first = first;
        f.n_items = n_items;
        f.stride = stride;
    }
    const state_field& field(const std::string& name, bool whole) const {
        for (const auto& f : fields_)
            if (f.name == name && f.whole == whole) return f;
        throw internal_error("state field " + name + " is missing");
    }
    std::vector<state_field> fields_;
};

}  // namespace balnet
