// SPDX-License-Identifier: BSD-3-Clause
// config::load against run_schema(): defaults, overrides, applicability, the resolved-INI round
// trip, and every kind of bad input, each checked to fail with a message that names the key and
// the value given. Files live in a fresh temporary directory per test.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <balnet/core/error.hpp>
#include <balnet/io/config.hpp>

namespace balnet {
namespace {

namespace fs = std::filesystem;

class config_test : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "balnet_config_XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override { fs::remove_all(dir_); }

    /// Writes `text` to a config file; output.file is put in the temporary directory unless the
    /// text sets it, so that the default (cwd) is never needed.
    std::string write(const std::string& text, const std::string& name = "run.ini") {
        const std::string path = (dir_ / name).string();
        std::ofstream(path) << text;
        return path;
    }
    config load(const std::string& text, const std::vector<std::string>& overrides = {}) {
        std::vector<std::string> args = overrides;
        if (text.find("file =") == std::string::npos)
            args.insert(args.begin(), "--output.file=" + (dir_ / "out.h5").string());
        return config::load(write(text), args, run_schema());
    }
    /// Expects a config_error whose message contains every one of `parts`.
    void expect_error(const std::string& text, const std::vector<std::string>& parts,
                      const std::vector<std::string>& overrides = {}) {
        try {
            load(text, overrides);
            ADD_FAILURE() << "no error for:\n" << text;
        } catch (const config_error& e) {
            const std::string msg = e.what();
            for (const auto& p : parts)
                EXPECT_NE(msg.find(p), std::string::npos) << "'" << p << "' not in: " << msg;
            EXPECT_EQ(e.exit_code(), 2);
        }
    }
    fs::path dir_;
};

TEST_F(config_test, defaults_of_an_empty_file) {
    const config c = load("# nothing\n");
    EXPECT_EQ(c.string("run.model"), "rate");
    EXPECT_EQ(c.integer("run.seed"), 1);
    EXPECT_EQ(c.integer("run.init_seed"), -1);
    EXPECT_DOUBLE_EQ(c.real("run.T"), 2000.0);
    EXPECT_DOUBLE_EQ(c.real("run.dt"), 0.02);
    EXPECT_EQ(c.string("network.type"), "inhibitory");
    EXPECT_EQ(c.integer("network.N"), 1000);
    EXPECT_EQ(c.string("network.connectivity"), "fixed_indegree");
    EXPECT_TRUE(c.boolean("network.autapses"));
    EXPECT_EQ(c.string("weights.distribution"), "gamma");
    EXPECT_DOUBLE_EQ(c.real("weights.J0"), 2.0);
    EXPECT_DOUBLE_EQ(c.real("input.I0"), 1.0);
    EXPECT_EQ(c.string("response.function"), "rect_tanh");
    EXPECT_EQ(c.integer("output.trace_units"), 100);
    EXPECT_DOUBLE_EQ(c.real("output.trace_dt"), 0.2);
    EXPECT_FALSE(c.boolean("meanfield.enabled"));
    EXPECT_EQ(c.string("petsc.options"), "");
    EXPECT_EQ(c.string("checkpoint.file"), (dir_ / "out.h5").string() + ".ckpt.h5");
    EXPECT_FALSE(c.is_set("network.N"));
    EXPECT_TRUE(c.is_set("output.file"));
    // Keys of other configurations have no value, and reading one is a bug.
    EXPECT_FALSE(c.applies("weights.J_ee"));
    EXPECT_FALSE(c.applies("response.power"));
    EXPECT_THROW(c.real("weights.J_ee"), internal_error);
    EXPECT_THROW(c.real("no.such"), internal_error);
    EXPECT_THROW(c.integer("run.T"), internal_error);  // wrong type
}

TEST_F(config_test, values_from_file_and_overrides_beating_the_file) {
    const config c = load("[network]\nN = 500\nK = 100\n[run]\nT = 50  # comment\n",
                          {"--network.N=800", "--network.autapses", "--run.seed", "7"});
    EXPECT_EQ(c.integer("network.N"), 800);
    EXPECT_EQ(c.integer("network.K"), 100);
    EXPECT_DOUBLE_EQ(c.real("run.T"), 50.0);
    EXPECT_EQ(c.integer("run.seed"), 7);
    EXPECT_TRUE(c.boolean("network.autapses"));
    EXPECT_TRUE(c.is_set("network.N"));
    const config d = load("[network]\nautapses = yes\n", {"--network.autapses=off"});
    EXPECT_FALSE(d.boolean("network.autapses"));
    EXPECT_EQ(d.string("network.autapses"), "false");  // canonical form
}

TEST_F(config_test, applicability_follows_network_type_and_response) {
    const config c = load("[network]\ntype = ei\nrho_e = 0.8\n[weights]\nJ_ii = 3\n"
                          "[response]\nfunction = rect_power\npower = 3\n");
    EXPECT_TRUE(c.applies("weights.J_ee"));
    EXPECT_FALSE(c.applies("weights.J0"));
    EXPECT_FALSE(c.applies("input.I0"));
    EXPECT_DOUBLE_EQ(c.real("weights.J_ii"), 3.0);
    EXPECT_DOUBLE_EQ(c.real("weights.J_ei"), 2.0);  // default
    EXPECT_DOUBLE_EQ(c.real("input.I_E"), 2.0);
    EXPECT_DOUBLE_EQ(c.real("response.power"), 3.0);
    for (const auto& [key, value] : c.items()) EXPECT_NE(key, "weights.J0");
}

TEST_F(config_test, resolved_ini_round_trips) {
    const config c = load("[network]\ntype = ei\nN = 60\nK = 20\nconnectivity = bernoulli\n"
                          "[response]\nfunction = rect_power\npower = 1.5\n"
                          "[petsc]\noptions = \"-ts_type rk  -ts_rk_type 4\"\n",
                          {"--run.T=123.25", "--record.units=10"});
    EXPECT_EQ(c.string("petsc.options"), "-ts_type rk  -ts_rk_type 4");
    const std::string ini = c.resolved_ini();
    const config back = config::load(write(ini, "resolved.ini"), {}, run_schema());
    EXPECT_EQ(back.items(), c.items());
    EXPECT_EQ(back.resolved_ini(), ini);
    EXPECT_EQ(back.integer("output.trace_units"), 10);  // derived default: min(100, units)
}

TEST_F(config_test, accepts_boundary_values) {
    // record.dt = 3 run.dt in binary floating point (0.3 / 0.1 = 2.9999999999999996).
    const config a = load("[run]\ndt = 0.1\n[record]\ndt = 0.3\n[output]\ntrace_dt = 0.3\n");
    EXPECT_DOUBLE_EQ(a.real("record.dt"), 0.3);
    // bernoulli: mean weight J0 / sqrt(K) = 10 / 10 = 1 is allowed (<= 1).
    const config b = load("[network]\nN = 100\nK = 100\n[weights]\ndistribution = bernoulli\nJ0 = 10\n");
    EXPECT_DOUBLE_EQ(b.real("weights.J0"), 10.0);
    // normal weights may have g = 0; full connectivity with K = N.
    const config d = load("[network]\nconnectivity = full\nN = 5\nK = 5\n[weights]\n"
                          "distribution = normal\ng = 0\n");
    EXPECT_DOUBLE_EQ(d.real("weights.g"), 0.0);
}

TEST_F(config_test, file_errors) {
    try {
        config::load((dir_ / "absent.ini").string(), {}, run_schema());
        ADD_FAILURE();
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("absent.ini"), std::string::npos);
    }
    expect_error("[run]\nthis line has no equals sign\n", {"run.ini", "this line has no equals sign"});
    expect_error("[network]\nN = 5\nN = 6\n", {"network.N", "6", "twice"});
}

TEST_F(config_test, unknown_keys_suggest_the_closest) {
    expect_error("[network]\nn = 500\n", {"network.n", "500", "did you mean 'network.N'"});
    expect_error("[response]\nJ0 = 3\n", {"response.J0", "3", "did you mean 'weights.J0'"});
    expect_error("[zzz]\nqqqqqq = 1\n", {"zzz.qqqqqq", "1", "--help"});
    expect_error("", {"network.NN", "5", "command line", "network.N"}, {"--network.NN=5"});
}

TEST_F(config_test, malformed_values) {
    expect_error("[run]\nT = abc\n", {"run.T", "abc", "(0, 1000000000]"});
    expect_error("[run]\nT = nan\n", {"run.T", "nan"});
    expect_error("[run]\nT = 12tau\n", {"run.T", "12tau"});
    expect_error("[network]\nN = 10.5\n", {"network.N", "10.5", "integer"});
    expect_error("[network]\nautapses = maybe\n", {"network.autapses", "maybe", "true or false"});
    expect_error("", {"run.T", "x"}, {"--run.T=x"});
    expect_error("", {"override", "network.N=5", "--section.key=value"}, {"network.N=5"});
    expect_error("", {"network.N", "--section.key=value"}, {"--network.N"});
}

TEST_F(config_test, out_of_range_and_unknown_choice) {
    expect_error("[run]\ndt = 0\n", {"run.dt", "'0'", "(0, 1]"});
    expect_error("[run]\ndt = 1.5\n", {"run.dt", "1.5", "(0, 1]"});
    expect_error("[network]\nN = 0\n", {"network.N", "'0'", "[1, 2^32-1]"});
    expect_error("[network]\nN = 4294967296\n", {"network.N", "4294967296"});
    expect_error("[run]\ninit_seed = -2\n", {"run.init_seed", "-2", "[-1, 2^63)"});
    expect_error("[run]\nseed = 99999999999999999999\n", {"run.seed", "99999999999999999999"});
    expect_error("[network]\ntype = ei\nrho_e = 1\n", {"network.rho_e", "'1'", "(0, 1)"});
    expect_error("[response]\nfunction = sigmoid\n", {"response.function", "sigmoid", "rect_tanh"});
    expect_error("[run]\nmodel = nest\n", {"run.model", "nest", "one of rate"});
}

TEST_F(config_test, keys_that_do_not_apply_are_errors) {
    expect_error("[weights]\nJ_ee = 1\n",
                 {"weights.J_ee", "'1'", "network.type = ei", "here", "network.type = inhibitory"});
    expect_error("[network]\ntype = ei\n[weights]\nJ0 = 2\n", {"weights.J0", "'2'", "inhibitory"});
    expect_error("[network]\ntype = ei\n[input]\nI0 = 2\n", {"input.I0", "'2'"});
    expect_error("[response]\npower = 2\n", {"response.power", "'2'", "rect_power", "rect_tanh"});
    expect_error("", {"network.rho_e", "0.3"}, {"--network.rho_e=0.3"});
}

// A command-line override that switches a choice off drops the file's keys of that choice (the
// override wins); the same keys given on the command line, or in the file with the file's own
// choice, are still refused.
TEST_F(config_test, override_switches_off_the_files_keys) {
    const std::string scn = "[run]\nmodel = scn\n[scn]\nN = 4\ngamma = 0.2\n";
    const std::string decoder = (dir_ / "d.csv").string();
    {
        std::ofstream(decoder) << "0.1,0,0.1,0\n0,0.1,0,0.1\n";
    }
    const config c = load(scn, {"--scn.decoder=file", "--scn.decoder_file=" + decoder});
    EXPECT_EQ(c.string("scn.decoder"), "file");
    EXPECT_FALSE(c.applies("scn.gamma"));
    EXPECT_EQ(c.resolved_ini().find("gamma"), std::string::npos);
    expect_error(scn + "decoder = file\ndecoder_file = " + decoder + "\n", {"scn.gamma", "0.2", "scn.decoder"});
    expect_error("[run]\nmodel = scn\n", {"scn.gamma", "0.3"},
                 {"--scn.decoder=file", "--scn.decoder_file=" + decoder, "--scn.gamma=0.3"});
    EXPECT_EQ(load("[weights]\nJ_ee = 1\n", {"--network.type=ei"}).real("weights.J_ee"), 1.0);  // applies: kept
}

TEST_F(config_test, path_errors) {
    expect_error("[output]\nfile = " + (dir_ / "missing" / "x.h5").string() + "\n",
                 {"output.file", "missing/x.h5", "writable directory"});
    expect_error("[output]\nfile = " + dir_.string() + "\n", {"output.file", dir_.string()});
    expect_error("", {"checkpoint.file", "/nonexistent_balnet_dir/c.h5"},
                 {"--checkpoint.file=/nonexistent_balnet_dir/c.h5"});
    if (::geteuid() != 0) {  // root may write anywhere: access(2) cannot refuse it
        fs::create_directory(dir_ / "ro");
        fs::permissions(dir_ / "ro", fs::perms::owner_read | fs::perms::owner_exec);
        expect_error("[output]\nfile = " + (dir_ / "ro" / "x.h5").string() + "\n",
                     {"output.file", "ro/x.h5"});
    }
}

TEST_F(config_test, cross_key_rules) {
    expect_error("[network]\nN = 100\nK = 200\n", {"network.K", "200", "network.N = 100"});
    expect_error("[network]\nN = 100\nK = 50\nconnectivity = full\n",
                 {"network.K", "50", "network.N = 100", "full"});
    // docs/models.md 1.4: K_I = round(K - K rho_e) with ties to even: round(0.5) = 0.
    expect_error("[network]\ntype = ei\nK = 1\nrho_e = 0.5\n",
                 {"network.rho_e", "0.5", "K_E = 1, K_I = 0"});
    expect_error("[weights]\ndistribution = bernoulli\nJ0 = 40\n",
                 {"weights.J0", "40", "<= 1", "K = 1000"});
    expect_error("[network]\ntype = ei\nK = 400\n[weights]\ndistribution = bernoulli\nJ_ei = 15\n",
                 {"weights.J_ei", "15", "K = 200"});  // K_I = 200: 15 / sqrt(200) > 1
    expect_error("[weights]\ng = 0\n", {"weights.g", "'0'", "gamma"});
    expect_error("[network]\ntype = ei\n[weights]\ndistribution = lognormal\ng_ie = 0\n",
                 {"weights.g_ie", "'0'", "lognormal"});
    expect_error("[record]\ndt = 0.03\n", {"record.dt", "0.03", "run.dt = 0.02"});
    expect_error("[record]\nncorr = 2000\n", {"record.ncorr", "2000", "run.T = 2000"});
    expect_error("[record]\nunits = 50\n[output]\ntrace_units = 60\n",
                 {"output.trace_units", "60", "record.units = 50"});
    expect_error("[output]\ntrace_dt = 0.05\n", {"output.trace_dt", "0.05", "record.dt = 0.02"});
}

/// input_path and required keys exist only in other schemas: a small one here.
TEST_F(config_test, input_paths_and_required_keys) {
    config_schema s;
    key_spec in;
    in.key = "data.table";
    in.kind = value_kind::input_path;
    s.add(in);  // no default: required
    const std::string present = write("x", "table.csv");
    const config c = config::load(write("[data]\ntable = " + present + "\n"), {}, s);
    EXPECT_EQ(c.string("data.table"), present);
    try {
        config::load(write("# empty\n"), {}, s);
        ADD_FAILURE();
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("data.table"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("required"), std::string::npos);
    }
    const std::string absent = (dir_ / "absent.csv").string();
    try {
        config::load(write("[data]\ntable = " + absent + "\n"), {}, s);
        ADD_FAILURE();
    } catch (const config_error& e) {
        EXPECT_NE(std::string(e.what()).find("data.table"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find(absent), std::string::npos);
    }
}

}  // namespace
}  // namespace balnet
