// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/spiking/scn_engine.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <tuple>

#include <balnet/core/error.hpp>
#include <balnet/core/rng_stream.hpp>
#include <balnet/core/trial_seed.hpp>
#include <balnet/spiking/scn_decoder.hpp>

namespace balnet {
namespace {

// "No candidate": loses against every finite value; its loc fits MPI_DOUBLE_INT.
constexpr context::value_loc no_candidate{-std::numeric_limits<double>::infinity(),
                                          static_cast<std::uint64_t>(std::numeric_limits<int>::max())};

double dot(const double* x, const double* y, std::uint32_t n) {
    double s = 0.0;
    for (std::uint32_t m = 0; m < n; ++m) s += x[m] * y[m];
    return s;
}

// The knock-out set of `random`: the round(fraction N) gids with the smallest keyed uniforms
// (ties to the lower gid); every rank computes the same set.
std::vector<gid_type> random_knockout(const scn_params& p) {
    const auto k = static_cast<std::uint64_t>(std::llround(p.knockout.fraction * static_cast<double>(p.n)));
    std::vector<std::pair<double, gid_type>> u(p.n);
    for (gid_type g = 0; g < p.n; ++g) {
        rng_stream rng(p.seed, rng_purpose::sampling, g, 1);  // substream 1: knock-out
        u[g] = {rng.uniform(), g};
    }
    std::nth_element(u.begin(), u.begin() + static_cast<std::ptrdiff_t>(k), u.end());
    std::vector<gid_type> out;
    for (std::uint64_t i = 0; i < k; ++i) out.push_back(u[i].second);
    return out;
}

}  // namespace

scn_engine::scn_engine(scn_params p, const partition& part, std::optional<context> ctx)
    : p_((p.validate(), std::move(p))), part_(part), ctx_(std::move(ctx)), signal_(p_) {
    if (part_.global_size() != p_.n)
        throw internal_error("scn_engine: partition of " + std::to_string(part_.global_size()) +
                             " neurons for N = " + std::to_string(p_.n));
    if (!ctx_ && part_.n_ranks() != 1) throw internal_error("scn_engine: a distributed partition needs a context");
    d_ = scn_decoder(p_);
    t_ = scn_thresholds(p_, d_, part_.begin(), part_.local_size());
    a_ = std::exp(-p_.lambda * p_.dt);
    b_ = (1.0 - a_) / p_.lambda;
    noise_ = p_.sigma_v * std::sqrt(p_.dt);
    if (!p_.leaky_integrator()) {
        slow_ = p_.dynamics();
        for (std::uint32_t m = 0; m < p_.dim; ++m) slow_[m * p_.dim + m] += p_.lambda;
    }
    initialise_state();
    drive_.assign(p_.dim, 0.0);
    initialise_knockout();
}

// x~_0 = x(0), r = 0, V = D^T x~_0: no random number, the same for every trial.
void scn_engine::initialise_state() {
    const auto n_local = part_.local_size();
    r_.assign(n_local, 0.0);
    v_.resize(n_local);
    const auto x = signal_.x();
    for (std::uint64_t i = 0; i < n_local; ++i) v_[i] = dot(&d_[(part_.begin() + i) * p_.dim], x.data(), p_.dim);
    xhat_.assign(p_.dim, 0.0);
}

void scn_engine::restart(std::uint64_t trial) {
    if (!recorded_.empty()) throw internal_error("scn_engine::restart: spikes not yet taken");
    p_.trial = trial;
    signal_ = scn_signal(p_);  // keyed by the seed: the same signal in every trial
    initialise_state();
    step_spikes_.clear();
}

void scn_engine::initialise_knockout() {
    ko_.assign(part_.local_size(), 0);
    const auto& k = p_.knockout;
    switch (k.kind) {
    case scn_knockout_kind::none: return;
    case scn_knockout_kind::random: ko_gids_ = random_knockout(p_); break;
    case scn_knockout_kind::list: ko_gids_ = k.gids; break;
    case scn_knockout_kind::half_plane:
        for (gid_type g = 0; g < p_.n; ++g)
            if (d_[g * p_.dim + k.component] > 0.0) ko_gids_.push_back(g);
        break;
    }
    std::sort(ko_gids_.begin(), ko_gids_.end());
    ko_gids_.erase(std::unique(ko_gids_.begin(), ko_gids_.end()), ko_gids_.end());
    ko_count_ = ko_gids_.size();
    ko_step_ = p_.steps(k.time);
    for (gid_type g : ko_gids_)
        if (part_.owns(g)) ko_[g - part_.begin()] = 1;
}

bool scn_engine::knocked_out(gid_type gid) const {
    return std::binary_search(ko_gids_.begin(), ko_gids_.end(), gid);
}

std::vector<spike> scn_engine::take_spikes() {
    std::vector<spike> out;
    out.swap(recorded_);
    return out;
}

void scn_engine::advance(step_type n_steps) {
    for (step_type s = 0; s < n_steps; ++s) step();
}

void scn_engine::clamp_knocked_out() {
    for (std::size_t i = 0; i < v_.size(); ++i)
        if (ko_[i]) v_[i] = 0.0;
}

void scn_engine::step() {
    const step_type k = now();
    const bool ko = ko_step_ >= 0 && k >= ko_step_;
    const std::uint32_t J = p_.dim;
    // drive = c(t_k) + (A + lambda I) x^, with x^ = D r from before the decay (Omega_s r).
    const auto c = signal_.c();
    std::copy(c.begin(), c.end(), drive_.begin());
    if (!slow_.empty())
        for (std::uint32_t m = 0; m < J; ++m) drive_[m] += dot(&slow_[m * J], xhat_.data(), J);
    signal_.step();
    const gid_type first = part_.begin();
    const seed_type noise_seed = trial_seed(p_.seed, p_.trial);  // run.trial's noise
    for (std::size_t i = 0; i < v_.size(); ++i) {
        double v = a_ * v_[i] + b_ * dot(&d_[(first + i) * J], drive_.data(), J);
        if (noise_ > 0.0) {
            rng_stream rng(noise_seed, rng_purpose::external_noise, first + i, static_cast<std::uint32_t>(k));
            v += noise_ * rng.normal();
        }
        v_[i] = v;
        r_[i] *= a_;
    }
    for (auto& x : xhat_) x *= a_;
    if (ko) clamp_knocked_out();
    step_spikes_.clear();
    step_local_.clear();
    if (p_.rule == scn_spike_rule::greedy) spike_greedy(k + 1, ko);
    else spike_all_above(k + 1, ko);
    if (ko) clamp_knocked_out();
    std::sort(step_local_.begin(), step_local_.end());
    recorded_.insert(recorded_.end(), step_local_.begin(), step_local_.end());
    if (probe_) probe_(*this);
}

void scn_engine::apply_spike(gid_type gid, step_type stamp) {
    const std::uint32_t J = p_.dim;
    const double* col = &d_[gid * J];
    const gid_type first = part_.begin();
    for (std::size_t j = 0; j < v_.size(); ++j) v_[j] -= dot(&d_[(first + j) * J], col, J);
    if (part_.owns(gid)) {
        v_[gid - first] -= p_.mu;
        r_[gid - first] += 1.0;
        step_local_.push_back({gid, stamp});
    }
    for (std::uint32_t m = 0; m < J; ++m) xhat_[m] += col[m];
    step_spikes_.push_back(gid);
}

context::value_loc scn_engine::local_best(bool ko) const {
    context::value_loc best = no_candidate;
    for (std::size_t i = 0; i < v_.size(); ++i) {
        if (ko && ko_[i]) continue;
        const double d = v_[i] - t_[i];
        if (d > best.value) best = {d, part_.begin() + i};  // strict: ties keep the lower gid
    }
    return best;
}

context::value_loc scn_engine::global_best(bool ko) {
    const auto local = local_best(ko);
    if (!ctx_) return local;
    const auto t0 = std::chrono::steady_clock::now();
    const auto best = ctx_->max_loc(local.value, local.loc);
    collective_s_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ++n_collectives_;
    return best;
}

void scn_engine::spike_greedy(step_type stamp, bool ko) {
    const std::uint64_t cap = p_.max_spikes_per_step;
    // The loop count is the same on every rank: each round's winner is global.
    for (std::uint64_t s = 0; cap == 0 || s < cap; ++s) {
        const auto best = global_best(ko);
        if (!(best.value > 0.0)) break;
        apply_spike(best.loc, stamp);
    }
}

void scn_engine::spike_all_above(step_type stamp, bool ko) {
    std::vector<gid_type> local;
    for (std::size_t i = 0; i < v_.size(); ++i)
        if (!(ko && ko_[i]) && v_[i] - t_[i] > 0.0) local.push_back(part_.begin() + i);
    std::vector<gid_type> all;
    if (ctx_) {
        const auto t0 = std::chrono::steady_clock::now();
        all = ctx_->gather_all(std::span<const gid_type>(local)).values();  // rank order = gid order
        collective_s_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ++n_collectives_;
    } else {
        all = std::move(local);
    }
    for (gid_type g : all) apply_spike(g, stamp);
}

scn_engine_state scn_engine::state() const {
    if (!recorded_.empty()) throw internal_error("scn_engine::state: take_spikes() first");
    return {signal_.state(), v_, r_, xhat_, ko_gids_, n_collectives_};
}

void scn_engine::restore(const scn_engine_state& s) {
    if (s.v.size() != v_.size() || s.r.size() != r_.size() || s.xhat.size() != xhat_.size())
        throw internal_error("scn_engine::restore: state of another partition or dimension");
    const auto& ko = s.knocked_out;
    if (!std::is_sorted(ko.begin(), ko.end()) || std::adjacent_find(ko.begin(), ko.end()) != ko.end() ||
        (!ko.empty() && ko.back() >= p_.n))
        throw internal_error("scn_engine::restore: knock-out set not sorted, repeated or out of range");
    signal_.restore(s.signal);
    v_ = s.v;
    r_ = s.r;
    xhat_ = s.xhat;
    ko_gids_ = ko;
    ko_count_ = ko.size();
    std::fill(ko_.begin(), ko_.end(), 0);
    for (gid_type g : ko_gids_)
        if (part_.owns(g)) ko_[g - part_.begin()] = 1;
    n_collectives_ = s.n_collectives;
    step_spikes_.clear();
    step_local_.clear();
    recorded_.clear();
}

named_state scn_engine::checkpoint_state() const {
    const scn_engine_state s = state();
    constexpr auto shared = state_field::scope::shared;
    named_state n;
    n.add_reals("signal_x", s.signal.x, shared);
    n.add_reals("signal_c", s.signal.c, shared);
    n.add_reals("signal_ou", s.signal.ou, shared);
    n.add_reals("xhat", s.xhat, shared);
    n.add_counts("knocked_out", std::vector<std::uint64_t>(s.knocked_out.begin(), s.knocked_out.end()),
                 std::numeric_limits<std::uint64_t>::max(), shared);
    n.add_count("n_collectives", s.n_collectives, shared);
    n.add_item_reals("v", s.v, part_.begin(), part_.global_size());  // by gid: any partition reads its slice
    n.add_item_reals("r", s.r, part_.begin(), part_.global_size());
    return n;
}

void scn_engine::restore(const named_state& n, step_type steps) {
    scn_engine_state s;
    s.signal.steps = steps;
    s.signal.x = n.reals("signal_x");
    s.signal.c = n.reals("signal_c");
    s.signal.ou = n.reals("signal_ou");
    s.xhat = n.reals("xhat");
    const auto& ko = n.counts("knocked_out");
    s.knocked_out.assign(ko.begin(), ko.end());
    s.n_collectives = n.count("n_collectives");
    s.v = n.reals("v");
    s.r = n.reals("r");
    restore(s);
}

}  // namespace balnet
