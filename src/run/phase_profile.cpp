// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/run/phase_profile.hpp>

#include <cstdio>

#include <balnet/io/h5_file.hpp>

namespace balnet {

std::string_view phase_profile::name(phase p) {
    constexpr std::array<std::string_view, static_cast<std::size_t>(phase::count_)> names = {
        "build", "update", "exchange", "record", "checkpoint", "output"};
    return names[static_cast<std::size_t>(p)];
}

std::vector<phase_profile::row> phase_profile::reduce(const context& ctx) const {
    std::vector<row> rows;
    for (std::size_t i = 0; i < s_.size(); ++i) {
        const double v = s_[i];
        rows.push_back({name(static_cast<phase>(i)), ctx.min(v), ctx.sum(v) / ctx.size(), ctx.max(v)});
    }
    return rows;
}

std::string phase_profile::table(const std::vector<row>& rows, double wall_s, int ranks) {
    std::string out = "profile over " + std::to_string(ranks) + (ranks == 1 ? " rank" : " ranks") +
                      ", seconds per phase summed over the run:\n";
    char line[160];
    std::snprintf(line, sizeof line, "  %-11s %10s %10s %10s %8s %9s\n", "phase", "min", "mean",
                  "max", "max/min", "% of wall");
    out += line;
    double covered = 0;
    for (const auto& r : rows) {
        covered += r.mean;
        const double imbalance = r.min > 0 ? r.max / r.min : 0.0;
        std::snprintf(line, sizeof line, "  %-11.*s %10.4f %10.4f %10.4f %8.2f %8.1f%%\n",
                      static_cast<int>(r.name.size()), r.name.data(), r.min, r.mean, r.max,
                      imbalance, wall_s > 0 ? 100.0 * r.max / wall_s : 0.0);
        out += line;
    }
    std::snprintf(line, sizeof line, "  %-11s %10s %10.4f %10s %8s %8.1f%%\n", "other", "",
                  wall_s - covered, "", "", wall_s > 0 ? 100.0 * (wall_s - covered) / wall_s : 0.0);
    return out + line;
}

void phase_profile::write(h5_file& file, const std::vector<row>& rows) {
    for (const auto& r : rows) {
        const std::vector<double> v = {r.min, r.mean, r.max};
        const std::string path = "/timing/profile/" + std::string(r.name);
        file.write_array(path, std::span<const double>(v), "s");
        file.write_attribute(path, "columns", std::string("min, mean, max over ranks"));
    }
}

}  // namespace balnet
