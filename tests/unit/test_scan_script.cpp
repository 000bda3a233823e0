// SPDX-License-Identifier: BSD-3-Clause
// scan_script: shell quoting (checked by bash itself), template rendering, SLURM array lists, and
// the rendered job scripts run by bash with a stand-in srun and balnet: parameter values and a
// scan directory full of shell metacharacters reach balnet verbatim and never execute; the exit
// code is recorded; SIGUSR1 sent to the batch shell reaches the run.
#include <balnet/scan/scan_script.hpp>

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <balnet/scan/scan_process.hpp>
#include <balnet/core/error.hpp>

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const fs::path& p, const std::string& text, bool exec = false) {
    std::ofstream(p, std::ios::binary) << text;
    if (exec) fs::permissions(p, fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
}

TEST(shell_quote, bash_reads_back_every_byte) {
    for (const std::string s : {"plain", "", "a b", "it's", "$(touch x)", "`id`; rm -rf /x", "'\"'\\\n*?[a]",
                                "--k=v 'q' \"d\" $HOME"}) {
        const auto r = balnet::run_captured({"bash", "-c", "printf %s " + balnet::shell_quote(s)});
        EXPECT_EQ(r.exit_code, 0);
        EXPECT_EQ(r.output, s);
    }
    EXPECT_EQ(balnet::shell_quote("it's"), "'it'\\''s'");
}

TEST(render_template, one_pass_and_lone_at_signs) {
    const std::map<std::string, std::string> v{{"A", "@B@"}, {"B", "b"}, {"X_1", "x"}};
    EXPECT_EQ(balnet::render_template("@A@ @B@ USR1@@X_1@ a@b @ @@", v), "@B@ b USR1@x a@b @ @@");
    EXPECT_THROW(balnet::render_template("@NOPE@", v), balnet::internal_error);
}

TEST(slurm_array_list, collapses_runs) {
    EXPECT_EQ(balnet::slurm_array_list({0, 1, 2, 3, 7, 9, 10}, 0), "0-3,7,9-10");
    EXPECT_EQ(balnet::slurm_array_list({5}, 4), "5%4");
    EXPECT_EQ(balnet::slurm_array_list({0, 2, 4}, 0), "0,2,4");
}

TEST(sbatch_safe, accepts_plain_paths_only) {
    EXPECT_TRUE(balnet::sbatch_safe("/scratch/u/scan-1_a.b"));
    for (const char* s : {"", "/a b", "/a$(x)", "/a;b", "/a'b", "/a%j", "/a#b"}) EXPECT_FALSE(balnet::sbatch_safe(s)) << s;
}

// A scan directory whose name is full of shell code, a stand-in srun (drops its options, exec "$@") and balnet
// (records its arguments NUL-separated, exits with $FAKE_RC).
struct script_env {
    fs::path root, dir, bin, marker;
    script_env() {
        root = fs::temp_directory_path() /
               ("balnet_test_scan_script_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(root);
        marker = root / "pwned";
        dir = root / ("scan $(touch " + marker.string() + "1) `touch " + marker.string() + "2`; touch " +
                      marker.string() + "3 'q' \"d\" *");
        bin = root / "bin";
        fs::create_directories(dir / "tasks");
        fs::create_directories(dir / "logs");
        fs::create_directories(bin);
        // srun's own options (the layout: --ntasks=...) first, then the command.
        write_file(bin / "srun", "#!/bin/sh\nwhile [ \"${1#--}\" != \"$1\" ]; do shift; done\nexec \"$@\"\n", true);
        write_file(bin / "balnet",
                   "#!/bin/bash\nprintf '%s\\0' \"$@\" >\"$FAKE_OUT\"\n"
                   "if [ -n \"${FAKE_READY-}\" ]; then trap 'echo usr1 >\"$FAKE_SIG\"; exit 5' USR1;"
                   " touch \"$FAKE_READY\"; while :; do sleep 0.05; done; fi\nexit \"${FAKE_RC:-0}\"\n",
                   true);
        ::setenv("PATH", (bin.string() + ":" + std::getenv("PATH")).c_str(), 1);
        ::setenv("FAKE_OUT", (root / "got").c_str(), 1);
    }
    ~script_env() { fs::remove_all(root); }
    bool pwned() const {
        for (int i = 1; i <= 3; ++i)
            if (fs::exists(marker.string() + std::to_string(i))) return true;
        return false;
    }
    balnet::scan_scripts render() const {
        balnet::scan_spec spec;
        spec.name = "t";
        return balnet::render_scan_scripts(spec, dir.string(), (bin / "balnet").string(), 3);
    }
};

TEST(scan_scripts, metacharacters_reach_balnet_verbatim_and_never_execute) {
    const script_env e;
    const std::string m = e.marker.string();
    const std::vector<std::string> args = {"/base dir/b.ini", "--weights.J0=$(touch " + m + "1)",
                                           "--petsc.options=`touch " + m + "2`; touch " + m + "3",
                                           "--x.y=* ? [a] ~ $HOME 'q' \"d\" \\", "--output.file=" + (e.dir / "tasks/1.h5").string()};
    std::string lines;
    for (const auto& a : args) lines += a + "\n";
    write_file(e.dir / "tasks/1.args", lines);
    const auto s = e.render();
    write_file(e.dir / "array.sbatch", s.array);
    EXPECT_EQ(s.array.find("#SBATCH --chdir"), std::string::npos);  // not sbatch-safe: left to --submit
    EXPECT_NE(s.array.find("#SBATCH --array=0-2"), std::string::npos);

    ::setenv("SLURM_ARRAY_TASK_ID", "1", 1);
    ::setenv("FAKE_RC", "3", 1);
    const auto r = balnet::run_captured({"bash", (e.dir / "array.sbatch").string()});
    ::unsetenv("FAKE_RC");
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(slurp(e.dir / "tasks/1.rc"), "3\n");
    std::string expected = std::string("run") + '\0';
    for (const auto& a : args) expected += a + '\0';
    expected += std::string("--resume") + '\0';  // a task stopped at its time limit continues when resubmitted
    EXPECT_EQ(slurp(e.root / "got"), expected);
    EXPECT_FALSE(e.pwned());

    write_file(e.dir / "aggregate.sbatch", s.aggregate);
    const auto g = balnet::run_captured({"bash", (e.dir / "aggregate.sbatch").string()});
    EXPECT_EQ(g.exit_code, 0);
    EXPECT_EQ(slurp(e.root / "got"), std::string("aggregate") + '\0' + e.dir.string() + '\0');
    EXPECT_FALSE(e.pwned());
    ::unsetenv("SLURM_ARRAY_TASK_ID");
}

TEST(scan_scripts, usr1_to_the_batch_shell_reaches_the_run) {
    const script_env e;
    write_file(e.dir / "tasks/0.args", "/b.ini\n");
    write_file(e.dir / "array.sbatch", e.render().array);
    ::setenv("SLURM_ARRAY_TASK_ID", "0", 1);
    ::setenv("FAKE_READY", (e.root / "ready").c_str(), 1);
    ::setenv("FAKE_SIG", (e.root / "sig").c_str(), 1);
    const pid_t pid = balnet::spawn_logged({"bash", (e.dir / "array.sbatch").string()}, (e.root / "log").string());
    for (int i = 0; i < 400 && !fs::exists(e.root / "ready"); ++i)  // wait for the stand-in (<= 20 s)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_TRUE(fs::exists(e.root / "ready"));
    ::kill(pid, SIGUSR1);
    EXPECT_EQ(balnet::wait_child(pid), 5);
    EXPECT_EQ(slurp(e.root / "sig"), "usr1\n");
    EXPECT_EQ(slurp(e.dir / "tasks/0.rc"), "5\n");
    for (const char* v : {"SLURM_ARRAY_TASK_ID", "FAKE_READY", "FAKE_SIG"}) ::unsetenv(v);
}

TEST(scan_scripts, sbatch_lines_hold_checked_values_only) {
    balnet::scan_spec spec;
    spec.name = "fig1";
    spec.resources.ranks = 8;
    spec.resources.time = "12:00:00";
    spec.resources.memory = "16G";
    spec.resources.partition = "compute";
    spec.resources.launcher = balnet::launcher_kind::mpirun;
    spec.resources.max_parallel = 10;
    const auto s = balnet::render_scan_scripts(spec, "/scratch/fig1", "/opt/balnet", 160);
    for (const char* line : {"#SBATCH --job-name=fig1\n", "#SBATCH --array=0-159%10\n", "#SBATCH --ntasks=8\n",
                             "#SBATCH --time=12:00:00\n", "#SBATCH --mem=16G\n", "#SBATCH --partition=compute\n",
                             "#SBATCH --signal=B:USR1@120\n", "#SBATCH --chdir=/scratch/fig1\n",
                             "scan_dir='/scratch/fig1'\n", "launcher=mpirun\n"})
        EXPECT_NE(s.array.find(line), std::string::npos) << line;
    EXPECT_NE(s.aggregate.find("#SBATCH --job-name=fig1-aggregate\n"), std::string::npos);
    EXPECT_FALSE(std::regex_search(s.array, std::regex("@[A-Z0-9_]+@")));  // no placeholder left
    EXPECT_FALSE(std::regex_search(s.aggregate, std::regex("@[A-Z0-9_]+@")));
    const auto syntax = balnet::run_captured({"bash", "-n", "-c", s.array});
    EXPECT_EQ(syntax.exit_code, 0);
}

// Multi-node tasks: the allocation asks for the nodes and ranks per node, and the launcher is
// given the same layout; without nodes those lines are comments and srun takes only the ranks.
TEST(scan_scripts, nodes_and_tasks_per_node_reach_sbatch_and_the_launcher) {
    balnet::scan_spec spec;
    spec.name = "multi";
    spec.resources.ranks = 6;
    spec.resources.nodes = 2;
    spec.resources.tasks_per_node = 3;
    auto s = balnet::render_scan_scripts(spec, "/scratch/m", "/opt/balnet", 4);
    for (const char* line : {"#SBATCH --ntasks=6\n", "#SBATCH --nodes=2\n", "#SBATCH --ntasks-per-node=3\n",
                             "srun) launch=(srun --ntasks=6 --nodes=2 --ntasks-per-node=3) ;;",
                             "mpirun) launch=(mpirun -n 6 --map-by ppr:3:node) ;;"})
        EXPECT_NE(s.array.find(line), std::string::npos) << line;
    spec.resources.nodes = 0;
    spec.resources.tasks_per_node = 0;
    spec.resources.ranks = 4;
    s = balnet::render_scan_scripts(spec, "/scratch/m", "/opt/balnet", 4);
    EXPECT_EQ(s.array.find("#SBATCH --nodes"), std::string::npos);
    EXPECT_EQ(s.array.find("#SBATCH --ntasks-per-node"), std::string::npos);
    EXPECT_NE(s.array.find("srun) launch=(srun --ntasks=4) ;;"), std::string::npos);
    EXPECT_NE(s.array.find("mpirun) launch=(mpirun -n 4) ;;"), std::string::npos);
    EXPECT_EQ(balnet::run_captured({"bash", "-n", "-c", s.array}).exit_code, 0);
}

}  // namespace
