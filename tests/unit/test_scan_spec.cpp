// SPDX-License-Identifier: BSD-3-Clause
// scan_spec: the scan file's sections, lists, linear and log ranges, groups, seeds, resources,
// and the errors for what a scan may not contain. Expected values are written out by hand.
#include <balnet/app/commands.hpp>
#include <balnet/scan/scan_spec.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <balnet/core/error.hpp>

namespace {

using balnet::scan_spec;
using opt = std::optional<std::string>;
using values = std::vector<opt>;

// A temporary directory holding a base config, so that [scan] base resolves.
struct scan_dir {
    std::filesystem::path dir;
    scan_dir() {
        dir = std::filesystem::temp_directory_path() /
              ("balnet_test_scan_spec_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
               "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir);
        std::ofstream(dir / "base.ini") << "[run]\nT = 10\n";
    }
    ~scan_dir() { std::filesystem::remove_all(dir); }
    scan_spec parse(const std::string& body, const std::vector<std::string>& overrides = {}) const {
        return scan_spec::parse("[scan]\nbase = base.ini\n" + body, "test.ini", dir.string(), overrides, balnet::command_schema());
    }
};

values strings(std::initializer_list<const char*> xs) {
    values v;
    for (const char* x : xs) v.emplace_back(x);
    return v;
}

TEST(scan_values, list_with_quotes_and_default) {
    EXPECT_EQ(balnet::expand_scan_values("response.function", balnet::value_kind::choice,
                                         "rect_tanh, heaviside ,rect_linear"),
              strings({"rect_tanh", "heaviside", "rect_linear"}));
    EXPECT_EQ(balnet::expand_scan_values("petsc.options", balnet::value_kind::string,
                                         "\"-a 1, -b 2\", (default), \"\""),
              (values{opt("-a 1, -b 2"), std::nullopt, opt("")}));
    // Parentheses keep their commas: a literal like $(a,b) is one item.
    EXPECT_EQ(balnet::expand_scan_values("petsc.options", balnet::value_kind::string, "$(a,b), x"),
              strings({"$(a,b)", "x"}));
}

TEST(scan_values, linear_and_log_ranges_include_both_ends) {
    using balnet::value_kind;
    EXPECT_EQ(balnet::expand_scan_values("weights.g", value_kind::real, "linrange(0.1, 0.7, 4)"),
              strings({"0.1", "0.3", "0.5", "0.7"}));
    EXPECT_EQ(balnet::expand_scan_values("weights.g", value_kind::real, "logrange(0.1, 1000, 5)"),
              strings({"0.1", "1", "10", "100", "1000"}));
    EXPECT_EQ(balnet::expand_scan_values("weights.g", value_kind::real, "linrange(2, 2, 1)"), strings({"2"}));
    // Integer keys round: the paper's K series 500 * (8811/500)^(i/7), rounded by hand.
    EXPECT_EQ(balnet::expand_scan_values("network.K", value_kind::integer, "logrange(500, 8811, 8)"),
              strings({"500", "753", "1135", "1710", "2576", "3882", "5848", "8811"}));
    EXPECT_EQ(balnet::expand_scan_values("network.K", value_kind::integer, "linrange(100, 200, 3), 1000"),
              strings({"100", "150", "200", "1000"}));
}

TEST(scan_values, malformed_ranges_are_errors) {
    using balnet::value_kind;
    const auto bad = [](value_kind k, const char* text) {
        EXPECT_THROW(balnet::expand_scan_values("x.y", k, text), balnet::config_error) << text;
    };
    bad(value_kind::real, "linrange(0, 1)");
    bad(value_kind::real, "linrange(0, 1, 0)");
    bad(value_kind::real, "linrange(0, 1, 2.5)");
    bad(value_kind::real, "logrange(0, 1, 3)");
    bad(value_kind::real, "linrange(a, 1, 3)");
    bad(value_kind::choice, "linrange(0, 1, 3)");
    bad(value_kind::integer, "linrange(1, 2, 5)");  // 1, 1, 2, 2, 2 after rounding
    bad(value_kind::real, "a, , b");
    bad(value_kind::real, "\"unterminated");
    bad(value_kind::string, "\"a\"b");
}

TEST(scan_spec, sections_groups_seeds_and_resources) {
    const scan_dir d;
    const scan_spec s = d.parse(
        "name = k-sweep\ncombine = zip\nrepetitions = 3\nseed_start = 7\n"
        "[set]\nrun.T = 500   # a comment\n"
        "[vary]\nweights.g = 1, 2\n"
        "[vary.size]\nnetwork.N = 100, 200\nnetwork.K = linrange(100, 200, 2)\n"
        "[resources]\nranks = 4\ntime = 1-02:00:00\nmemory = 4G\nlauncher = mpirun\nmax_parallel = 5\n");
    EXPECT_EQ(s.name, "k-sweep");
    EXPECT_EQ(s.base_config, (d.dir / "base.ini").string());
    EXPECT_EQ(s.combine, balnet::combine_kind::zip);
    EXPECT_EQ(s.seeds, (std::vector<std::int64_t>{7, 8, 9}));
    ASSERT_EQ(s.fixed.size(), 1u);
    EXPECT_EQ(s.fixed[0], (std::pair<std::string, std::string>{"run.T", "500"}));
    ASSERT_EQ(s.axes.size(), 2u);
    EXPECT_EQ(s.axes[0].keys, std::vector<std::string>{"weights.g"});
    EXPECT_EQ(s.axes[1].name, "size");
    EXPECT_EQ(s.axes[1].keys, (std::vector<std::string>{"network.N", "network.K"}));
    EXPECT_EQ(s.axes[1].values[1], strings({"100", "200"}));
    EXPECT_EQ(s.resources.ranks, 4);
    EXPECT_EQ(s.resources.time, "1-02:00:00");
    EXPECT_EQ(s.resources.memory, "4G");
    EXPECT_EQ(s.resources.launcher, balnet::launcher_kind::mpirun);
    EXPECT_EQ(s.resources.max_parallel, 5);
}

// nodes and tasks_per_node: ranks follows from them, or must agree with them; every bad
// combination is refused with a message naming the key, the value and what is allowed.
TEST(scan_spec, nodes_and_tasks_per_node) {
    const scan_dir d;
    auto s = d.parse("[resources]\nnodes = 2\ntasks_per_node = 3\n");
    EXPECT_EQ(s.resources.nodes, 2);
    EXPECT_EQ(s.resources.tasks_per_node, 3);
    EXPECT_EQ(s.resources.ranks, 6);
    EXPECT_EQ(d.parse("[resources]\nranks = 6\nnodes = 2\ntasks_per_node = 3\n").resources.ranks, 6);
    s = d.parse("[resources]\nranks = 5\nnodes = 2\n");  // SLURM spreads 5 ranks over 2 nodes
    EXPECT_EQ(s.resources.ranks, 5);
    EXPECT_EQ(s.resources.tasks_per_node, 0);
    EXPECT_EQ(d.parse("[resources]\nranks = 4\n").resources.nodes, 0);  // unset: SLURM places them
    const auto message = [&](const std::string& body) {
        try {
            d.parse(body);
        } catch (const balnet::config_error& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    EXPECT_NE(message("[resources]\nranks = 4\nnodes = 2\ntasks_per_node = 1\n").find("nodes x tasks_per_node = 2"),
              std::string::npos);
    EXPECT_NE(message("[resources]\ntasks_per_node = 2\n").find("only together with [resources] nodes"),
              std::string::npos);
    EXPECT_NE(message("[resources]\nranks = 2\nnodes = 3\n").find("at most ranks = 2"), std::string::npos);
    EXPECT_NE(message("[resources]\nnodes = 2\n").find("at most ranks = 1"), std::string::npos);
    for (const char* body : {"[resources]\nnodes = 0\n", "[resources]\nnodes = -1\n", "[resources]\nnodes = 2x\n",
                             "[resources]\nnodes = 100001\n", "[resources]\nnodes = 1\ntasks_per_node = 0\n",
                             "[resources]\nnodes = 1000\ntasks_per_node = 100000\n"})
        EXPECT_NE(message(body).find("invalid value for 'resources."), std::string::npos) << body << ": " << message(body);
}

TEST(scan_spec, defaults_and_command_line_overrides) {
    const scan_dir d;
    const scan_spec s = d.parse("[set]\nrun.T = 500\n", {"run.T=20", "run.dt=0.01"});
    EXPECT_EQ(s.seeds, std::vector<std::int64_t>{1});
    EXPECT_EQ(s.combine, balnet::combine_kind::product);
    EXPECT_EQ(s.name, "test");  // the scan file's stem
    EXPECT_EQ(s.fixed, (std::vector<std::pair<std::string, std::string>>{{"run.T", "20"}, {"run.dt", "0.01"}}));
    EXPECT_EQ(d.parse("seeds = 3, 1, 4\n").seeds, (std::vector<std::int64_t>{3, 1, 4}));
}

TEST(scan_spec, rejects_what_a_scan_may_not_hold) {
    const scan_dir d;
    const auto bad = [&](const std::string& body) {
        EXPECT_THROW(d.parse(body), balnet::config_error) << body;
    };
    bad("[vary]\nnetwork.KK = 1, 2\n");                        // unknown key
    bad("[vary]\nrun.seed = 1, 2\n");                          // the scan owns the seed
    bad("[set]\noutput.file = x.h5\n");                        // and the output file
    bad("[set]\nrun.T = 5\n[vary]\nrun.T = 1, 2\n");           // a key twice
    bad("[vary.g]\nnetwork.N = 1, 2\nnetwork.K = 1, 2, 3\n");  // group lengths differ
    bad("combine = zip\n[vary]\nnetwork.N = 1, 2\nnetwork.K = 1, 2, 3\n");
    bad("combine = diagonal\n");
    bad("seeds = 1, 1\n");
    bad("seeds = 1\nrepetitions = 2\n");
    bad("repetitions = 0\n");
    bad("name = a b\n");
    bad("[resources]\ntime = 1 hour\n");
    bad("[resources]\nmemory = 4 GB\n");
    bad("[resources]\npartition = a;b\n");
    bad("[resources]\nlauncher = ssh\n");
    bad("[resources]\nranks = 0\n");
    bad("[resources]\ncolour = red\n");
    bad("[other]\na = b\n");
    bad("[vary]\nrun.T\n");
    EXPECT_THROW(scan_spec::parse("[scan]\nname = x\n", "t.ini", d.dir.string(), {}, balnet::command_schema()), balnet::config_error);
    EXPECT_THROW(scan_spec::parse("[scan]\nbase = nope.ini\n", "t.ini", d.dir.string(), {}, balnet::command_schema()),
                 balnet::config_error);
}

TEST(scan_spec, load_resolves_the_base_next_to_the_scan_file) {
    const scan_dir d;
    std::ofstream(d.dir / "s.ini") << "[scan]\nbase = base.ini\n[vary]\nrun.T = 1, 2\n";
    const scan_spec s = scan_spec::load((d.dir / "s.ini").string(), {}, balnet::command_schema());
    EXPECT_EQ(s.base_config, (d.dir / "base.ini").string());
    EXPECT_EQ(s.source, (d.dir / "s.ini").string());
    EXPECT_EQ(s.name, "s");
    EXPECT_THROW(scan_spec::load((d.dir / "none.ini").string(), {}, balnet::command_schema()), balnet::config_error);
    EXPECT_THROW(scan_spec::load(d.dir.string(), {}, balnet::command_schema()), balnet::config_error);  // a directory
}

TEST(scan_spec, slurm_times_and_sizes_by_shape) {
    const scan_dir d;
    for (const char* t : {"90", "10:30", "1:02:03", "2-03:04:05", "2-3", "0-0:0:0"})
        EXPECT_EQ(d.parse(std::string("[resources]\ntime = ") + t + "\n").resources.time, t);
    for (const char* t : {"", ":", "1:", "1:234", "1:2:3:4", "-5", "2-", "2--3", "a", "1-2-3", "1:2a"})
        EXPECT_THROW(d.parse(std::string("[resources]\ntime = ") + t + "\n"), balnet::config_error) << t;
    for (const char* m : {"4000", "500M", "4G", "1T"})
        EXPECT_EQ(d.parse(std::string("[resources]\nmemory = ") + m + "\n").resources.memory, m);
    for (const char* m : {"G", "4GB", "4g", "-4G", "4.5G"})
        EXPECT_THROW(d.parse(std::string("[resources]\nmemory = ") + m + "\n"), balnet::config_error) << m;
}

// 50 000 characters overflowed std::regex's recursion (a crash); now one short error each.
TEST(scan_spec, huge_values_are_refused_with_a_short_message) {
    const scan_dir d;
    const std::string huge(50000, '1');
    for (const std::string& body : {"name = " + huge + "\n", "[resources]\ntime = " + huge + "\n",
                                   "[resources]\nmemory = " + huge + "\n", "[resources]\npartition = " + huge + "\n",
                                   "[resources]\naccount = " + huge + "\n"}) {
        try {
            d.parse(body);
            ADD_FAILURE() << "accepted: " << body.substr(0, 40);
        } catch (const balnet::config_error& e) {
            EXPECT_LT(std::string(e.what()).size(), 600u);
            EXPECT_NE(std::string(e.what()).find("(50000 characters)"), std::string::npos) << e.what();
        }
    }
    EXPECT_EQ(d.parse("name = " + std::string(128, 'n') + "\n").name, std::string(128, 'n'));
    EXPECT_THROW(d.parse("name = " + std::string(129, 'n') + "\n"), balnet::config_error);
}

}  // namespace
