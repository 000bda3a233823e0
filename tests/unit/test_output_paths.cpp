// SPDX-License-Identifier: BSD-3-Clause
// output_paths: which files a run may write over, on real files in a temporary directory (the
// run files with a status attribute are checked end to end by check_output_safety.py).
#include <balnet/app/output_paths.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <balnet/core/error.hpp>

namespace {

namespace fs = std::filesystem;
using balnet::check_output_paths;
using balnet::run_paths;
using balnet::same_file;

struct temp_dir {
    fs::path dir;
    temp_dir() {
        dir = fs::temp_directory_path() /
              ("balnet_test_output_paths_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        std::ofstream(dir / "cfg.ini") << "[run]\nT = 10\n";
    }
    ~temp_dir() { fs::remove_all(dir); }
    std::string operator/(const std::string& name) const { return (dir / name).string(); }
};

TEST(output_paths, same_file_by_identity_not_by_name) {
    const temp_dir t;
    EXPECT_TRUE(same_file(t / "a.h5", t / "a.h5"));
    EXPECT_TRUE(same_file(t / "a.h5", (t.dir / "." / "a.h5").string()));        // neither exists
    EXPECT_TRUE(same_file(t / "a.h5", (t.dir / "sub" / ".." / "a.h5").string()));
    EXPECT_FALSE(same_file(t / "a.h5", t / "b.h5"));
    EXPECT_FALSE(same_file(t / "a.h5", ""));
    fs::create_symlink(t / "a.h5", t / "dangling.h5");  // writing through it creates a.h5
    EXPECT_TRUE(same_file(t / "dangling.h5", t / "a.h5"));
    fs::create_hard_link(t / "cfg.ini", t / "hard.ini");
    EXPECT_TRUE(same_file(t / "hard.ini", t / "cfg.ini"));
    fs::create_symlink(t / "cfg.ini", t / "soft.ini");
    EXPECT_TRUE(same_file(t / "soft.ini", t / "cfg.ini"));
}

// The message of the config_error `paths` raise ("" when none).
std::string problem(const run_paths& paths, balnet::output_policy policy = {}) {
    try {
        check_output_paths(paths, policy);
    } catch (const balnet::config_error& e) {
        return e.what();
    }
    return "";
}

TEST(output_paths, refuses_files_that_are_each_other_or_the_config) {
    const temp_dir t;
    const std::string cfg = t / "cfg.ini", out = t / "out.h5";
    EXPECT_EQ(problem({cfg, out, out + ".ckpt.h5"}), "");
    EXPECT_NE(problem({cfg, out, out}).find("'checkpoint.file'"), std::string::npos);
    EXPECT_NE(problem({cfg, out + ".tmp", out}).find("'checkpoint.file'"), std::string::npos);
    EXPECT_NE(problem({cfg, out + ".prev", out}).find("'checkpoint.file'"), std::string::npos);  // kept generation
    EXPECT_NE(problem({cfg, cfg, out + ".c"}).find("'output.file'"), std::string::npos);
    EXPECT_NE(problem({cfg, out, cfg}).find("'checkpoint.file'"), std::string::npos);
    EXPECT_EQ(problem({cfg, out, ""}), "");
}

TEST(output_paths, refuses_what_is_not_an_hdf5_file_whatever_the_flags) {
    const temp_dir t;
    const std::string cfg = t / "cfg.ini", out = t / "out.h5";
    std::ofstream(out) << "notes\n";
    for (const balnet::output_policy p : {balnet::output_policy{}, balnet::output_policy{true, true}})
        EXPECT_NE(problem({cfg, out, ""}, p).find("not HDF5"), std::string::npos);
    EXPECT_NE(problem({cfg, "/dev/null", ""}).find("device"), std::string::npos);
    ASSERT_EQ(::mkfifo((t / "fifo").c_str(), 0600), 0);
    EXPECT_NE(problem({cfg, t / "fifo", ""}).find("FIFO"), std::string::npos);
    EXPECT_NE(problem({cfg, t / "x.h5", out}).find("'checkpoint.file'"), std::string::npos);
}

TEST(output_paths, replaces_what_a_killed_run_left) {
    const temp_dir t;
    const std::string cfg = t / "cfg.ini", out = t / "out.h5";
    { std::ofstream empty(out); }
    EXPECT_EQ(problem({cfg, out, ""}), "");
    // HDF5's signature, then garbage: a file cut short while it was written.
    std::ofstream(out, std::ios::binary) << std::string("\x89HDF\r\n\x1a\n", 8) << std::string(1000, 'x');
    EXPECT_EQ(problem({cfg, out, out + ".ckpt.h5"}), "");
    // A run killed while writing a checkpoint: <checkpoint>.tmp holds data but no HDF5 signature
    // yet (the superblock is written last). It is balnet's scratch file, so --resume goes on.
    std::ofstream(out + ".ckpt.h5.tmp", std::ios::binary) << std::string(4096, '\0') << "state";
    EXPECT_EQ(problem({cfg, out, out + ".ckpt.h5"}, {false, true}), "");
}

}  // namespace
