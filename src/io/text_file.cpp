// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/io/text_file.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <balnet/core/error.hpp>

namespace balnet {

std::string read_text_input(const std::string& path, const std::string& what, std::uintmax_t max_bytes) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (path.empty() || !fs::exists(st)) throw config_error(what, path, "an existing, readable file");
    if (!fs::is_regular_file(st))
        throw config_error(what, path, "a regular file (this is a " +
                                           std::string(fs::is_directory(st) ? "directory" : "device, FIFO or socket") + ")");
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec || size > max_bytes)
        throw config_error(what, path, "a file of at most " + std::to_string(max_bytes >> 20) + " MiB (this one has " +
                                           std::to_string(size) + " bytes)");
    std::ifstream in(path, std::ios::binary);
    if (!in.is_open()) throw config_error(what, path, "an existing, readable file");
    std::ostringstream text;
    if (size > 0) text << in.rdbuf();  // (an empty rdbuf would set the failbit of `text`)
    if (in.bad()) throw config_error(what, path, "an existing, readable file");
    return text.str();
}

}  // namespace balnet
