// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/comm/launch_environment.hpp>

#include <cstdlib>
#include <optional>
#include <string>

namespace balnet {
namespace {

std::optional<int> number(const char* name, int least) {
    const char* s = std::getenv(name);
    if (s == nullptr || *s == '\0') return std::nullopt;
    char* end = nullptr;
    const long v = std::strtol(s, &end, 10);
    if (*end != '\0' || v < least || v > 1 << 24) return std::nullopt;
    return static_cast<int>(v);
}

}  // namespace

launch_environment launch_environment::detect() {
    struct pair {
        const char *rank, *size, *source;
    };
    constexpr pair known[] = {{"OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "Open MPI"},
                              {"PMI_RANK", "PMI_SIZE", "PMI"},
                              {"SLURM_PROCID", "SLURM_STEP_NUM_TASKS", "SLURM"}};
    for (const pair& p : known) {
        const auto rank = number(p.rank, 0), size = number(p.size, 1);
        if (rank && size && *rank < *size) {
            const auto local = std::string(p.source) == "Open MPI" ? number("OMPI_COMM_WORLD_LOCAL_SIZE", 1) : std::nullopt;
            return {*rank, *size, p.source, local.value_or(0)};
        }
    }
    return {};
}

}  // namespace balnet
