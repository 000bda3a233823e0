// SPDX-License-Identifier: BSD-3-Clause
// The /proc readers: parsing checked on a written file; the live values checked against what this
// test itself allocates and touches.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <vector>

#include <balnet/core/process_memory.hpp>

namespace {

TEST(process_memory, parses_kib_fields_and_reports_missing_as_zero) {
    const std::string path = ::testing::TempDir() + "balnet_status_fixture";
    {
        std::ofstream f(path);
        f << "Name:\tx\nVmPeak:\t  999 kB\nVmHWM:\t    1234 kB\nVmRSS:\t  77 kB\n";
    }
    EXPECT_EQ(balnet::proc_kib_field_bytes(path, "VmHWM:"), 1234u * 1024u);
    EXPECT_EQ(balnet::proc_kib_field_bytes(path, "VmRSS:"), 77u * 1024u);
    EXPECT_EQ(balnet::proc_kib_field_bytes(path, "VmSwap:"), 0u);
    EXPECT_EQ(balnet::proc_kib_field_bytes(path + ".missing", "VmHWM:"), 0u);
    std::remove(path.c_str());
}

TEST(process_memory, peak_grows_by_what_is_touched) {
    const auto before = balnet::peak_rss_bytes();
    ASSERT_GT(before, 0u);
    const std::size_t bytes = 64u << 20;
    std::vector<char> block(bytes, 1);  // value-initialised: every page is touched
    const auto after = balnet::peak_rss_bytes();
    EXPECT_GE(after + (4u << 20), before + bytes);  // 4 MiB slack: pages already resident
    EXPECT_GT(balnet::available_memory_bytes(), 0u);
    EXPECT_EQ(block[bytes - 1], 1);
}

}  // namespace
