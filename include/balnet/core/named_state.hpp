// SPDX-License-Identifier: BSD-3-Clause
// A checkpointed state as named vectors: every engine and every run's observers export their
// state as a list of fields (a name, real values or whole numbers, shared by all ranks or one
// block per rank) and restore from the same list, so that one generic checkpoint
// (run/run_checkpoint.hpp) writes, checksums, validates and reads the state of any model without
// knowing it. Reals must be finite and whole numbers stay within the field's bound: the
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
    enum class scope { rank, shared };  ///< one block per rank, or the same values on every rank
    std::string name;                   ///< unique within its state, e.g. "v", "ring"
    scope where = scope::rank;
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

    /// The field `name` (internal_error when it is missing or of the other kind).
    const std::vector<double>& reals(const std::string& name) const { return field(name, false).reals; }
    const std::vector<std::uint64_t>& counts(const std::string& name) const { return field(name, true).counts; }
    /// A field of exactly one whole number.
    std::uint64_t count(const std::string& name) const {
        const auto& c = counts(name);
        if (c.size() != 1) throw internal_error("state field " + name + ": not one value");
        return c.front();
    }

    const std::vector<state_field>& fields() const noexcept { return fields_; }
    std::vector<state_field>& fields() noexcept { return fields_; }

private:
    const state_field& field(const std::string& name, bool whole) const {
        for (const auto& f : fields_)
            if (f.name == name && f.whole == whole) return f;
        throw internal_error("state field " + name + " is missing");
    }
    std::vector<state_field> fields_;
};

}  // namespace balnet
