// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/run/spike_perturbation.hpp>

#include <algorithm>

#include <balnet/core/error.hpp>

namespace balnet {

perturbation_kind parse_perturbation_kind(const std::string& s) {
    if (s == "none") return perturbation_kind::none;
    if (s == "add_spike") return perturbation_kind::add_spike;
    if (s == "shift_spike") return perturbation_kind::shift_spike;
    if (s == "kick") return perturbation_kind::kick;
    throw internal_error("perturbation kind '" + s + "'");
}

std::string to_string(perturbation_kind k) {
    switch (k) {
        case perturbation_kind::none: return "none";
        case perturbation_kind::add_spike: return "add_spike";
        case perturbation_kind::shift_spike: return "shift_spike";
        case perturbation_kind::kick: return "kick";
    }
    return "?";
}

namespace {

// Inserts s at its (step, gid) place.
void insert_ordered(std::vector<spike>& v, spike s) { v.insert(std::lower_bound(v.begin(), v.end(), s), s); }

}  // namespace

void spike_perturbation::filter(step_type now, std::vector<spike>& arrived) {
    if (kind_ == perturbation_kind::add_spike && !added_ && now >= k0_) {
        insert_ordered(arrived, {gid_, k0_});
        added_ = true;
    }
    if (kind_ != perturbation_kind::shift_spike || released_) return;
    if (held_from_ < 0) {
        const auto it = std::find_if(arrived.begin(), arrived.end(),
                                     [&](const spike& s) { return s.gid == gid_ && s.step > k0_; });
        if (it == arrived.end()) return;
        held_from_ = it->step;
        arrived.erase(it);
    }
    if (now >= held_from_ + delta_) {
        insert_ordered(arrived, {gid_, held_from_ + delta_});
        released_ = true;
    }
}

}  // namespace balnet
