// SPDX-License-Identifier: BSD-3-Clause
// read_text_input and abbreviated: what a config file may be, and how long an echoed value gets.
#include <balnet/io/text_file.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <balnet/core/error.hpp>

namespace {

namespace fs = std::filesystem;

TEST(text_input, reads_regular_files_up_to_the_cap_only) {
    const fs::path dir = fs::temp_directory_path() / "balnet_test_text_input";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::ofstream(dir / "a.ini") << "[run]\nT = 1\n";
    EXPECT_EQ(balnet::read_text_input((dir / "a.ini").string(), "config file"), "[run]\nT = 1\n");
    { std::ofstream empty(dir / "empty.ini"); }
    EXPECT_EQ(balnet::read_text_input((dir / "empty.ini").string(), "config file"), "");
    EXPECT_THROW(balnet::read_text_input((dir / "a.ini").string(), "config file", 5), balnet::config_error);
    EXPECT_THROW(balnet::read_text_input(dir.string(), "config file"), balnet::config_error);
    EXPECT_THROW(balnet::read_text_input((dir / "none.ini").string(), "config file"), balnet::config_error);
    ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);  // read, it would block forever
    EXPECT_THROW(balnet::read_text_input((dir / "fifo").string(), "config file"), balnet::config_error);
    fs::remove_all(dir);
}

TEST(text_input, long_values_are_abbreviated_in_messages) {
    EXPECT_EQ(balnet::abbreviated("short"), "short");
    EXPECT_EQ(balnet::abbreviated(std::string(200, 'a')), std::string(200, 'a'));
    EXPECT_EQ(balnet::abbreviated(std::string(201, 'a')), std::string(200, 'a') + "... (201 characters)");
    const balnet::config_error e("k", std::string(1000000, 'v'), "anything");
    EXPECT_LT(std::string(e.what()).size(), 300u);
}

}  // namespace
