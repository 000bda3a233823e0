// SPDX-License-Identifier: BSD-3-Clause
// scan_aggregate: the table built from task scalars (column union and order, empty cells, rows
// in id order) and its CSV text, against tables written out by hand. Reading real task files is
// covered by the scan regression test, which checks aggregate.csv against h5py.
#include <balnet/scan/scan_aggregate.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace {

using opt = std::optional<std::string>;

TEST(scan_aggregate, union_of_columns_grouped_and_rows_in_id_order) {
    const balnet::scan_table table({"network.K", "response.function"},
                                   {{0, {opt("100"), opt("rect_tanh")}, 1},
                                    {1, {opt("100"), std::nullopt}, 2},
                                    {2, {opt("200"), opt("a,b")}, 1}});
    std::vector<balnet::task_scalars> done = {
        {2, {{"timing/simulate", 1.5, "s"}, {"analysis/m", 0.25, "1"}, {"n_ranks", 2, ""}}},
        {0, {{"n_ranks", 1, ""}, {"analysis/m", 0.125, "1"}, {"meanfield/m", 0.1, ""}, {"analysis/f", 0.5, ""}}},
    };
    const auto g = balnet::scan_aggregate::build(table, done);
    EXPECT_EQ(g.parameter_columns(), table.columns());
    EXPECT_EQ(g.number_columns(), (std::vector<std::string>{"n_ranks", "analysis/f", "analysis/m", "meanfield/m",
                                                             "timing/simulate"}));
    EXPECT_EQ(g.units()[2], "1");
    EXPECT_EQ(g.units()[4], "s");
    ASSERT_EQ(g.rows(), 2u);
    EXPECT_EQ(g.ids(), (std::vector<std::size_t>{0, 2}));
    EXPECT_TRUE(std::isnan(g.number(1, 1)));  // task 2 has no analysis/f
    EXPECT_EQ(g.to_csv(),
              "id,network.K,response.function,run.seed,n_ranks,analysis/f,analysis/m,meanfield/m,timing/simulate\n"
              "0,100,rect_tanh,1,1,0.5,0.125,0.10000000000000001,\n"
              "2,200,\"a,b\",1,2,,0.25,,1.5\n");
}

TEST(scan_aggregate, no_complete_task_gives_a_header_only) {
    const balnet::scan_table table({"run.T"}, {{0, {opt("1")}, 1}});
    EXPECT_EQ(balnet::scan_aggregate::build(table, {}).to_csv(), "id,run.T,run.seed\n");
}

TEST(scan_aggregate, failed_csv_lists_state_code_and_quoted_error) {
    const std::vector<balnet::task_status> bad = {
        {3, balnet::task_state::failed, 2, "balnet: error: invalid value for 'weights.J0': '$(x)'; allowed: > 0"},
        {4, balnet::task_state::missing, -1, "no output"}};
    EXPECT_EQ(balnet::failed_csv(bad),
              "id,state,exit_code,error\n"
              "3,failed,2,\"balnet: error: invalid value for 'weights.J0': '$(x)'; allowed: > 0\"\n"
              "4,missing,,\"no output\"\n");
}

}  // namespace
