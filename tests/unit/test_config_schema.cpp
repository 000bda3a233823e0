// SPDX-License-Identifier: BSD-3-Clause
// config_schema on its own: spec rendering, schema invariants, typo suggestions, help text.
#include <gtest/gtest.h>

#include <balnet/core/error.hpp>
#include <balnet/io/config_schema.hpp>

namespace balnet {
namespace {

key_spec real_key(std::string key, std::string def) {
    key_spec s;
    s.key = std::move(key);
    s.kind = value_kind::real;
    s.default_value = std::move(def);
    s.lower = range_bound{0.0, false};
    s.upper = range_bound{1.0, true};
    return s;
}

TEST(config_schema, renders_ranges_choices_and_conditions) {
    key_spec r = real_key("a.x", "0.5");
    EXPECT_EQ(r.allowed(), "(0, 1]");
    r.lower.reset();
    r.upper = range_bound{2.5, false};
    EXPECT_EQ(r.allowed(), "(-inf, 2.5)");
    key_spec c;
    c.key = "a.c";
    c.kind = value_kind::choice;
    c.choices = {"p", "q"};
    EXPECT_EQ(c.allowed(), "one of p, q");
    r.applies_if = {{"a.c", {"p", "q"}}, {"a.b", {"true"}}};
    EXPECT_EQ(r.condition_text(), "a.c = p or q and a.b = true");
}

TEST(config_schema, rejects_malformed_specs) {
    config_schema s;
    EXPECT_THROW(s.add(real_key("nosection", "0.5")), internal_error);
    EXPECT_THROW(s.add(real_key("a.x", "1.5")), internal_error);  // default out of its range
    s.add(real_key("a.x", "0.5"));
    EXPECT_THROW(s.add(real_key("a.x", "0.5")), internal_error);  // duplicate
    key_spec dep = real_key("a.y", "0.5");
    dep.applies_if = {{"a.x", {"1"}}};  // condition on a real key
    EXPECT_THROW(s.add(dep), internal_error);
    dep.applies_if = {{"a.later", {"1"}}};  // condition on a key not yet defined
    EXPECT_THROW(s.add(dep), internal_error);
}

TEST(config_schema, suggests_close_keys_only) {
    config_schema s;
    s.add(real_key("network.N", "0.5"));
    s.add(real_key("weights.J0", "0.5"));
    EXPECT_EQ(s.closest("network.n"), "network.N");
    EXPECT_EQ(s.closest("weight.J0"), "weights.J0");
    EXPECT_EQ(s.closest("input.J0"), "weights.J0");  // right name, wrong section
    EXPECT_EQ(s.closest("completely.unrelated"), "");
}

TEST(config_schema, run_schema_help_lists_every_key_with_unit_default_and_range) {
    const config_schema s = run_schema();
    const std::string help = s.help_text();
    ASSERT_GT(s.keys().size(), 40u);
    for (const auto& k : s.keys()) {
        EXPECT_NE(help.find("  " + k.key + "  ("), std::string::npos) << k.key;
        EXPECT_NE(help.find(k.allowed()), std::string::npos) << k.key;
    }
    EXPECT_NE(help.find("run.T  (real, unit tau)"), std::string::npos);
    EXPECT_NE(help.find("default: 2000; allowed: (0, 1000000000]"), std::string::npos);
    EXPECT_NE(help.find("only when run.model = rate and network.type = ei"), std::string::npos);
    EXPECT_NE(help.find("[0, 2^63)"), std::string::npos);
}

}  // namespace
}  // namespace balnet
