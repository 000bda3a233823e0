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

coupling_product parse_coupling_product(const std::string& name) {
    if (name == "auto") return coupling_product::auto_;
    if (name == "dense") return coupling_product::dense;
    if (name == "sparse") return coupling_product::sparse;
    throw config_error("network.product", name, "auto | dense | sparse");
}

std::string to_string(coupling_product p) {
    switch (p) {
    case coupling_product::dense: return "dense";
    case coupling_product::sparse: return "sparse";
    case coupling_product::auto_: break;
    }
    return "auto";
}

}  // namespace balnet
