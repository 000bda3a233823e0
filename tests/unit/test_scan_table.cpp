// SPDX-License-Identifier: BSD-3-Clause
// scan_table: product and zip expansion against tables written out by hand, seeds innermost,
// the CSV round trip with awkward values, and the arguments of `balnet run` of one task.
#include <balnet/scan/scan_table.hpp>

#include <gtest/gtest.h>

#include <balnet/core/error.hpp>

namespace {

using balnet::scan_axis;
using balnet::scan_spec;
using balnet::scan_table;
using balnet::scan_task;
using opt = std::optional<std::string>;

scan_axis axis(std::string key, std::vector<opt> v) { return {key, {key}, {std::move(v)}}; }

scan_spec two_axes(balnet::combine_kind c) {
    scan_spec s;
    s.base_config = "/b/base.ini";
    s.combine = c;
    s.axes = {axis("weights.g", {opt("1"), opt("2")}),
              {"size", {"network.N", "network.K"}, {{opt("10"), opt("20")}, {opt("5"), opt("6")}}}};
    s.seeds = {1, 2};
    return s;
}

TEST(scan_table, product_first_axis_slowest_seeds_innermost) {
    const scan_table t = scan_table::expand(two_axes(balnet::combine_kind::product));
    EXPECT_EQ(t.columns(), (std::vector<std::string>{"weights.g", "network.N", "network.K"}));
    const std::vector<std::vector<const char*>> expected = {
        {"1", "10", "5"}, {"1", "10", "5"}, {"1", "20", "6"}, {"1", "20", "6"},
        {"2", "10", "5"}, {"2", "10", "5"}, {"2", "20", "6"}, {"2", "20", "6"}};
    ASSERT_EQ(t.size(), expected.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        const scan_task& task = t.tasks()[i];
        EXPECT_EQ(task.id, i);
        EXPECT_EQ(task.seed, i % 2 == 0 ? 1 : 2);
        for (std::size_t c = 0; c < 3; ++c) EXPECT_EQ(task.values[c], opt(expected[i][c])) << i << "," << c;
    }
}

TEST(scan_table, zip_takes_the_ith_value_of_every_axis) {
    const scan_table t = scan_table::expand(two_axes(balnet::combine_kind::zip));
    ASSERT_EQ(t.size(), 4u);
    EXPECT_EQ(t.tasks()[0].values, (std::vector<opt>{opt("1"), opt("10"), opt("5")}));
    EXPECT_EQ(t.tasks()[1].values, (std::vector<opt>{opt("1"), opt("10"), opt("5")}));
    EXPECT_EQ(t.tasks()[2].values, (std::vector<opt>{opt("2"), opt("20"), opt("6")}));
    EXPECT_EQ(t.tasks()[3].seed, 2);
}

TEST(scan_table, three_axes_product_counts_like_nested_loops) {
    scan_spec s;
    s.axes = {axis("a.a", {opt("0"), opt("1")}), axis("b.b", {opt("0"), opt("1"), opt("2")}),
              axis("c.c", {opt("0"), opt("1")})};
    s.seeds = {5};
    const scan_table t = scan_table::expand(s);
    ASSERT_EQ(t.size(), 12u);
    std::size_t i = 0;
    for (int a = 0; a < 2; ++a)
        for (int b = 0; b < 3; ++b)
            for (int c = 0; c < 2; ++c, ++i)
                EXPECT_EQ(t.tasks()[i].values,
                          (std::vector<opt>{std::to_string(a), std::to_string(b), std::to_string(c)}));
}

TEST(scan_table, no_axes_means_one_point_per_seed) {
    scan_spec s;
    s.seeds = {3, 4, 5};
    const scan_table t = scan_table::expand(s);
    ASSERT_EQ(t.size(), 3u);
    EXPECT_TRUE(t.columns().empty());
    EXPECT_EQ(t.tasks()[2].seed, 5);
}

TEST(scan_table, csv_quotes_awkward_values_and_reads_back) {
    const scan_table t({"petsc.options", "weights.g"},
                       {{0, {opt("-a 1, \"b\""), std::nullopt}, 1},
                        {1, {opt(""), opt("$(touch x);`y`")}, 2},
                        {2, {opt("plain"), opt("2")}, 3}});
    const std::string csv = t.to_csv();
    EXPECT_EQ(csv,
              "id,petsc.options,weights.g,run.seed\n"
              "0,\"-a 1, \"\"b\"\"\",,1\n"
              "1,\"\",\"$(touch x);`y`\",2\n"
              "2,plain,2,3\n");
    EXPECT_EQ(scan_table::read_csv(csv, "t"), t);
    EXPECT_THROW(scan_table::read_csv("id,x,run.seed\n0,\"a,1\n", "t"), balnet::io_error);
    EXPECT_THROW(scan_table::read_csv("id,x,run.seed\n1,a,1\n", "t"), balnet::io_error);
    EXPECT_THROW(scan_table::read_csv("id,x,run.seed\n0,a\n", "t"), balnet::io_error);
    EXPECT_THROW(scan_table::read_csv("x,run.seed\n", "t"), balnet::io_error);
}

TEST(scan_table, run_arguments_base_fixed_varied_seed_output) {
    scan_spec s = two_axes(balnet::combine_kind::product);
    s.fixed = {{"run.T", "20"}};
    s.axes[0].values[0][1] = std::nullopt;  // "(default)": weights.g keeps its base value
    const scan_table t = scan_table::expand(s);
    EXPECT_EQ(balnet::scan_run_arguments(s, t, 7, "/d/tasks/7.h5"),
              (std::vector<std::string>{"/b/base.ini", "--run.T=20", "--network.N=20", "--network.K=6",
                                        "--run.seed=2", "--output.file=/d/tasks/7.h5"}));
    EXPECT_EQ(balnet::scan_run_arguments(s, t, 0, "o.h5")[2], "--weights.g=1");
}

}  // namespace
