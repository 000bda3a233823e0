// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/rate/prefetch_tuner.hpp>

#include <cstdio>

namespace balnet {

std::string to_string(prefetch_hint h) {
    switch (h) {
    case prefetch_hint::nta: return "nta";
    case prefetch_hint::none: return "none";
    case prefetch_hint::t0: break;
    }
    return "t0";
}

std::string prefetch_tuner::describe(prefetch_hint in_use) const {
    std::string s = "prefetch " + to_string(in_use);
    switch (state_) {
    case state::pending: return s + " (before the first product)";
    case state::small: return s + " (the default: matrix too small to measure)";
    case state::set: return s + " (set)";
    case state::measured: break;
    }
    s += " (measured at the first product:";
    for (std::size_t h = 0; h < prefetch_hints.size(); ++h) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "%s %s %.1f ms", h ? "," : "", to_string(prefetch_hints[h]).c_str(),
                      seconds_[h] * 1e3);
        s += buf;
    }
    return s + ")";
}

}  // namespace balnet
