// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/coupling_operator.hpp>

#include <balnet/core/error.hpp>

namespace balnet {

coupling_storage parse_coupling_storage(const std::string& name) {
    if (name == "double") return coupling_storage::double_;
    if (name == "float") return coupling_storage::float_;
    if (name == "compact") return coupling_storage::compact;
    if (name == "procedural") return coupling_storage::procedural;
    throw config_error("network.coupling", name, "double | float | compact | procedural");
}

std::string to_string(coupling_storage s) {
    switch (s) {
    case coupling_storage::float_: return "float";
    case coupling_storage::compact: return "compact";
    case coupling_storage::procedural: return "procedural";
    case coupling_storage::double_: break;
    }
    return "double";
}

}  // namespace balnet
