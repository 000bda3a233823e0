// SPDX-License-Identifier: BSD-3-Clause
// Where a run's time goes: wall-clock seconds per phase (build, update, exchange, record,
// checkpoint, output), summed over the run on each rank, then reduced to min / mean / max over
// ranks so that load imbalance (max ≫ min) and the communication share are visible. `--profile`
// prints the table; every run writes it to /timing/profile.
//
// Cost: two steady_clock reads per timed section (tens of ns), far below one step's work.
// Phases are not nested: a section is timed by exactly one scope. Exchange time spent waiting for
// a slow rank shows up as exchange on the fast ranks — that is the imbalance a user wants to see.
#pragma once
#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <balnet/comm/context.hpp>

namespace balnet {

class h5_file;

/// Wall-clock seconds since t0 (steady clock). Not collective.
inline double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

enum class phase : std::size_t { build, update, exchange, record, checkpoint, output, count_ };

class phase_profile {
public:
    /// Adds the time from construction to destruction to one phase.
    class scope {
    public:
        scope(phase_profile& p, phase ph) : p_(p), ph_(ph), t0_(std::chrono::steady_clock::now()) {}
        ~scope() { p_.add(ph_, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count()); }
        scope(const scope&) = delete;
        scope& operator=(const scope&) = delete;
    private:
        phase_profile& p_;
        phase ph_;
        std::chrono::steady_clock::time_point t0_;
    };

    struct row {
        std::string_view name;
        double min = 0, mean = 0, max = 0;  ///< seconds over ranks
    };

    scope time(phase p) { return scope(*this, p); }
    void add(phase p, double seconds) noexcept { s_[static_cast<std::size_t>(p)] += seconds; }
    double seconds(phase p) const noexcept { return s_[static_cast<std::size_t>(p)]; }

    /// min / mean / max of every phase over ranks. Collective.
    std::vector<row> reduce(const context& ctx) const;

    static std::string_view name(phase p);
    /// The table `--profile` prints; wall_s (max over ranks) gives each phase's share.
    static std::string table(const std::vector<row>& rows, double wall_s, int ranks);
    /// /timing/profile/<phase> = [min, mean, max] in s. Collective (HDF5 writes are).
    static void write(h5_file& file, const std::vector<row>& rows);

private:
    std::array<double, static_cast<std::size_t>(phase::count_)> s_{};
};

}  // namespace balnet
