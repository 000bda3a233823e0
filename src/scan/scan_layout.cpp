// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/scan/scan_layout.hpp>

#include <filesystem>

#include <balnet/core/error.hpp>

namespace balnet {

scan_layout::scan_layout(const std::string& directory) {
    if (directory.empty()) throw config_error("--out", "", "a directory for the scan");
    if (directory.find('\n') != std::string::npos)
        throw config_error("--out", directory, "a directory name without newlines");
    std::error_code ec;
    dir = std::filesystem::weakly_canonical(std::filesystem::absolute(directory), ec).string();
    if (ec || dir.empty()) throw config_error("--out", directory, "a usable directory path");
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
}

}  // namespace balnet
