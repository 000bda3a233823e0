// SPDX-License-Identifier: BSD-3-Clause
// Reads the network file of a rate run (network.type = file, docs/models.md §1.2.4): the same
// [population.<name>] and [projection.<source>.<target>] sections as the LIF network files
// (docs/models.md §2.6), with the keys a rate network has. Any error is one config_error naming
// the file, the section, the key, the value and what is allowed.
#pragma once
#include <string>

#include <balnet/rate/rate_file_network.hpp>

namespace balnet {

rate_file_network parse_rate_network_text(const std::string& text, const std::string& origin);
rate_file_network read_rate_network_file(const std::string& path);

}  // namespace balnet
