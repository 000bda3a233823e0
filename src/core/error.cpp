// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/core/error.hpp>

namespace balnet {

std::string abbreviated(const std::string& text, std::size_t max) {
    if (text.size() <= max) return text;
    return text.substr(0, max) + "... (" + std::to_string(text.size()) + " characters)";
}

config_error::config_error(const std::string& key, const std::string& value,
                           const std::string& allowed)
    : error("invalid value for '" + abbreviated(key) + "': '" + abbreviated(value) + "'; allowed: " + allowed) {}

}  // namespace balnet
