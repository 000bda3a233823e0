// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/core/process_memory.hpp>

#include <fstream>
#include <sstream>

namespace balnet {

std::uint64_t proc_kib_field_bytes(const std::string& file, const std::string& key) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) != 0) continue;
        std::istringstream fields(line.substr(key.size()));
        std::uint64_t kib = 0;
        if (fields >> kib) return kib * 1024u;
        return 0;
    }
    return 0;
}

std::uint64_t peak_rss_bytes() { return proc_kib_field_bytes("/proc/self/status", "VmHWM:"); }

std::uint64_t available_memory_bytes() {
    return proc_kib_field_bytes("/proc/meminfo", "MemAvailable:");
}

}  // namespace balnet
