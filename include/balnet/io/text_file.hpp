// SPDX-License-Identifier: BSD-3-Clause
// Reading a small text input (a config or scan file) whole, safely: only a regular file is read
// (a directory would read as empty, a FIFO would block forever) and only up to a size cap (a
// config of megabytes is a mistake, and parsing and echoing it costs seconds to minutes).
#pragma once
#include <cstdint>
#include <string>

namespace balnet {

/// Largest config or scan file read: 4 MiB (the longest real value lists are a few hundred KiB).
constexpr std::uintmax_t max_text_input_bytes = std::uintmax_t{4} << 20;

/// The text of `path`; config_error naming `what` and the path when it is missing, unreadable,
/// not a regular file, or larger than max_bytes.
std::string read_text_input(const std::string& path, const std::string& what,
                            std::uintmax_t max_bytes = max_text_input_bytes);

}  // namespace balnet
