// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/core/error.hpp>

namespace balnet {

config_error::config_error(const std::string& key, const std::string& value,
                           const std::string& allowed)
    : error("invalid value for '" + key + "': '" + value + "'; allowed: " + allowed) {}

}  // namespace balnet
