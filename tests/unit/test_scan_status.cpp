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

// ---- what is going on now: squeue's lines, this machine's processes, progress lines ----------
namespace {

TEST(scan_activity, squeue_lines_of_this_scan_only) {
    const std::string text =
        "12_0|0|RUNNING|node[1-2]|/scratch/a\n"
        "12_1|1|PENDING|(Resources)|/scratch/a/\n"
        "12_3|3|PENDING|(BeginTime)|/scratch/a\n"
        "13|N/A|PENDING|(Dependency)|/scratch/a\n"  // the aggregation job: no array index
        "14_0|0|RUNNING|node3|/scratch/b\n"          // another scan
        "12_4|4|COMPLETING|node1|/scratch/a\n"       // requeued, its step being cancelled
        "garbage\n";
    const auto a = balnet::scan_activity::from_squeue(text, "/scratch/a");
    EXPECT_TRUE(a.slurm_answered());
    ASSERT_NE(a.find(0), nullptr);
    EXPECT_TRUE(a.find(0)->running);
    EXPECT_EQ(a.find(0)->where, "slurm job 12_0 on node[1-2]");
    ASSERT_NE(a.find(1), nullptr);
    EXPECT_FALSE(a.find(1)->running);
    EXPECT_EQ(a.find(1)->where, "slurm job 12_1 PENDING (Resources)");
    EXPECT_EQ(a.find(2), nullptr);
    ASSERT_NE(a.find(3), nullptr);
    EXPECT_FALSE(a.find(3)->running);
    ASSERT_NE(a.find(4), nullptr);
    EXPECT_TRUE(a.find(4)->running);
    EXPECT_EQ(a.find(4)->where, "slurm job 12_4 COMPLETING on node1");
}

TEST(scan_activity, a_process_names_its_task_by_its_output_file) {
    const balnet::scan_layout L("/scratch/a");
    using balnet::scan_activity;
    EXPECT_EQ(scan_activity::task_of_command({"balnet", "run", "b.ini", "--output.file=/scratch/a/tasks/17.h5"}, L), 17u);
    EXPECT_EQ(scan_activity::task_of_command({"mpiexec", "-n", "2", "balnet", "run", "--output.file=/scratch/a/tasks/0.h5"}, L), 0u);
    EXPECT_FALSE(scan_activity::task_of_command({"balnet", "run", "--output.file=/scratch/b/tasks/1.h5"}, L));
    EXPECT_FALSE(scan_activity::task_of_command({"balnet", "run", "--output.file=/scratch/a/tasks/x.h5"}, L));
    EXPECT_FALSE(scan_activity::task_of_command({"balnet", "scan", "s.ini", "--out", "/scratch/a"}, L));
    auto a = scan_activity::from_squeue("5_2|2|RUNNING|node1|/scratch/a\n", "/scratch/a");
    a.add_process(2, 99);  // SLURM's word stands
    a.add_process(4, 4711);
    EXPECT_EQ(a.find(2)->where, "slurm job 5_2 on node1");
    EXPECT_EQ(a.find(4)->where, "pid 4711 on this machine");
    EXPECT_TRUE(a.find(4)->running);
}

TEST(last_progress, the_last_progress_line_without_memory) {
    EXPECT_EQ(balnet::last_progress("balnet: no checkpoint\n"
                                    "balnet progress:  10.2%  step 6144/60000  1.76e+03 steps/s  ETA 31 s  peak memory 52 MiB (rank 0)\n"
                                    "balnet progress:  20.1%  step 12032/60000  3.06e+03 steps/s  ETA 16 s  peak memory 53 MiB (rank 0)\n"
                                    "srun: error: Node failure on node2\n"),
              "20.1%  step 12032/60000  3.06e+03 steps/s  ETA 16 s");
    EXPECT_EQ(balnet::last_progress("no progress here\n"), "");
    EXPECT_EQ(balnet::last_progress(""), "");
}

TEST(inspect_task, queued_and_running_tasks_come_from_the_activity) {
    const layout_dir d;
    const auto& L = d.L;
    std::ofstream(L.output(0)) << "being written";  // never opened while running
    std::ofstream(L.log(0)) << "balnet progress:  45.0%  step 9/20  1 steps/s  ETA 11 s  peak memory 1 MiB (rank 0)\n";
    std::ofstream(L.exit_code(1)) << "137\n";  // an earlier attempt, killed; now requeued
    const auto a = balnet::scan_activity::from_squeue(
        "7_0|0|RUNNING|node[1,3]|" + L.dir + "\n7_1|1|PENDING|(BeginTime)|" + L.dir + "\n", L.dir);
    auto t = balnet::inspect_task(L, 0, &a);
    EXPECT_EQ(t.state, balnet::task_state::running);
    EXPECT_EQ(t.error, "slurm job 7_0 on node[1,3]; 45.0%  step 9/20  1 steps/s  ETA 11 s");
    t = balnet::inspect_task(L, 1, &a);
    EXPECT_EQ(t.state, balnet::task_state::pending);
    EXPECT_EQ(t.error, "slurm job 7_1 PENDING (BeginTime)");
    t = balnet::inspect_task(L, 1);  // without the activity: what the files say
    EXPECT_EQ(t.state, balnet::task_state::failed);
    EXPECT_EQ(t.exit_code, 137);
}

TEST(status_table, one_line_per_task) {
    const std::vector<balnet::task_status> tasks = {{0, balnet::task_state::complete, 0, ""},
                                                    {12, balnet::task_state::failed, 2, "balnet: error: x"}};
    EXPECT_EQ(balnet::status_table(tasks),
              "  task  state       exit  detail\n"
              "     0  complete       0\n"
              "    12  failed         2  balnet: error: x\n");
}

}  // namespace
