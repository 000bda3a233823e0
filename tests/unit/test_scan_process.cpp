// SPDX-License-Identifier: BSD-3-Clause
// scan_process: children started from argv (no shell), their logs and exit codes, and the
// environment filter that keeps a child balnet out of this process's MPI job.
#include <balnet/scan/scan_process.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <balnet/core/error.hpp>

namespace {

namespace fs = std::filesystem;

TEST(scan_process, mpi_job_variables_are_dropped_user_settings_kept) {
    for (const char* v : {"PMIX_RANK=0", "PMIX_SERVER_URI2=x", "OMPI_COMM_WORLD_RANK=1", "OMPI_MCA_orte_hnp_uri=x",
                          "OMPI_MCA_ess=singleton", "OMPI_MCA_pmix=^s1", "OMPI_APP_CTX_NUM_PROCS=1", "OMPI_COMMAND=./a",
                          "ORTE_SCHIZO_DETECTION=ORTE", "PMI_RANK=0", "OMPI_UNIVERSE_SIZE=4"})
        EXPECT_TRUE(balnet::is_mpi_job_variable(v)) << v;
    for (const char* v : {"OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_MCA_btl_vader_single_copy_mechanism=none",
                          "OMPI_MCA_rmaps_base_oversubscribe=1", "PMIX_MCA_psec=native", "SLURM_JOB_ID=3",
                          "PATH=/bin", "HOME=/root"})
        EXPECT_FALSE(balnet::is_mpi_job_variable(v)) << v;
}

TEST(scan_process, child_environment_filters_this_environment) {
    ::setenv("PMIX_NAMESPACE", "test", 1);
    ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
    const auto env = balnet::child_environment();
    const auto has = [&](const std::string& e) { return std::find(env.begin(), env.end(), e) != env.end(); };
    EXPECT_FALSE(has("PMIX_NAMESPACE=test"));
    EXPECT_TRUE(has("OMPI_ALLOW_RUN_AS_ROOT=1"));
    const auto r = balnet::run_captured({"sh", "-c", "echo ${PMIX_NAMESPACE-unset} ${OMPI_ALLOW_RUN_AS_ROOT-unset}"});
    EXPECT_EQ(r.output, "unset 1\n");
    ::unsetenv("PMIX_NAMESPACE");
}

TEST(scan_process, arguments_are_never_read_by_a_shell) {
    const fs::path marker = fs::temp_directory_path() / "balnet_test_scan_process_pwned";
    fs::remove(marker);
    const std::string evil = "$(touch " + marker.string() + "); `touch " + marker.string() + "` *";
    const auto r = balnet::run_captured({"printf", "%s|", evil, "a b"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.output, evil + "|a b|");
    EXPECT_FALSE(fs::exists(marker));
}

TEST(scan_process, logged_child_output_and_exit_codes) {
    const fs::path log = fs::temp_directory_path() / "balnet_test_scan_process.log";
    const pid_t pid = balnet::spawn_logged({"sh", "-c", "echo out; echo err >&2; exit 7"}, log.string());
    EXPECT_EQ(balnet::wait_child(pid), 7);
    std::stringstream s;
    s << std::ifstream(log).rdbuf();
    EXPECT_EQ(s.str(), "out\nerr\n");
    fs::remove(log);
    const pid_t killed = balnet::spawn_logged({"sh", "-c", "kill -9 $$"}, "/dev/null");
    const auto f = balnet::wait_any_child();
    EXPECT_EQ(f.pid, killed);
    EXPECT_EQ(f.exit_code, 128 + 9);
    EXPECT_THROW(balnet::spawn_logged({"/nonexistent/balnet-x"}, "/dev/null"), balnet::io_error);
}

TEST(scan_process, self_executable_is_this_test) {
    EXPECT_EQ(fs::path(balnet::self_executable()).filename(), "test_scan_process");
}

}  // namespace
