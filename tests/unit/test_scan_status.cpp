// SPDX-License-Identifier: BSD-3-Clause
// scan_status: task states from the task's files (exit code, log, output), and the error line
// picked from a log. Complete tasks (a real HDF5 file marked complete) are covered by the
// scan regression test, which runs balnet.
#include <balnet/scan/scan_status.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;

struct layout_dir {
    balnet::scan_layout L{(fs::temp_directory_path() / "balnet_test_scan_status").string()};
    layout_dir() {
        fs::remove_all(L.dir);
        fs::create_directories(L.tasks_dir());
        fs::create_directories(L.logs_dir());
    }
    ~layout_dir() { fs::remove_all(L.dir); }
};

TEST(last_error_line, prefers_the_last_error) {
    EXPECT_EQ(balnet::last_error_line("start\nbalnet: error: bad key 'x'\nbye\n\n"), "balnet: error: bad key 'x'");
    EXPECT_EQ(balnet::last_error_line("a\nb  \n"), "b");
    EXPECT_EQ(balnet::last_error_line(""), "");
    EXPECT_EQ(balnet::last_error_line("ERROR one\nError two\n"), "Error two");
    EXPECT_EQ(balnet::last_error_line("balnet: error on rank 1: x\nsrun: error: task 0: Exited with exit code 2\n"),
              "balnet: error on rank 1: x");
    EXPECT_EQ(balnet::last_error_line(std::string(400, 'x')).size(), 300u);
}

TEST(inspect_task, missing_failed_incomplete) {
    const layout_dir d;
    const auto& L = d.L;
    auto t = balnet::inspect_task(L, 0);
    EXPECT_EQ(t.state, balnet::task_state::missing);
    EXPECT_EQ(t.exit_code, -1);
    EXPECT_FALSE(t.error.empty());

    std::ofstream(L.exit_code(1)) << "2\n";
    std::ofstream(L.log(1)) << "balnet: error: invalid value for 'weights.J0': 'x'; allowed: > 0\n";
    t = balnet::inspect_task(L, 1);
    EXPECT_EQ(t.state, balnet::task_state::failed);
    EXPECT_EQ(t.exit_code, 2);
    EXPECT_EQ(t.error, "balnet: error: invalid value for 'weights.J0': 'x'; allowed: > 0");

    std::ofstream(L.output(2)) << "not an HDF5 file";  // what a killed run may leave
    t = balnet::inspect_task(L, 2);
    EXPECT_EQ(t.state, balnet::task_state::incomplete);
    EXPECT_NE(t.error.find("unreadable"), std::string::npos);

    std::ofstream(L.output(3)) << "x";
    std::ofstream(L.exit_code(3)) << "0\n";
    t = balnet::inspect_task(L, 3);
    EXPECT_EQ(t.state, balnet::task_state::failed);
    EXPECT_EQ(t.exit_code, 0);
    EXPECT_NE(t.error.find("exited 0 but"), std::string::npos);
    EXPECT_EQ(balnet::to_string(balnet::task_state::incomplete), "incomplete");
}

TEST(scan_layout, paths) {
    const balnet::scan_layout L("/tmp/x//");
    EXPECT_EQ(L.dir, "/tmp/x");
    EXPECT_EQ(L.output(12), "/tmp/x/tasks/12.h5");
    EXPECT_EQ(L.args(0), "/tmp/x/tasks/0.args");
    EXPECT_EQ(L.exit_code(3), "/tmp/x/tasks/3.rc");
    EXPECT_EQ(L.log(3), "/tmp/x/logs/3.log");
}

}  // namespace
