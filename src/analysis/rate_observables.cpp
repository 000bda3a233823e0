// SPDX-License-Identifier: BSD-3-Clause
#include <balnet/analysis/rate_observables.hpp>

#include <algorithm>
#include <limits>
#include <string>

#include <balnet/core/error.hpp>

namespace balnet {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double state_version = 2.0;  // 2: exact population sums
constexpr std::size_t header_size = 9;

void check_populations(const std::vector<population_range>& pops, std::uint64_t n) {
    gid_type next = 0;
    for (const auto& p : pops) {
        if (p.first != next)
            throw config_error("populations", p.name + " starts at " + std::to_string(p.first),
                               "contiguous gid ranges in order, starting at 0");
        next += p.size;
    }
    if (next != n)
        throw config_error("populations", "total size " + std::to_string(next),
                           "the network size " + std::to_string(n));
}

std::vector<std::size_t> owned_recorded(const partition& part, std::span<const gid_type> gids) {
    std::vector<std::size_t> local;
    for (std::size_t j = 0; j < gids.size(); ++j) {
        if (gids[j] >= part.global_size() || (j > 0 && gids[j] <= gids[j - 1]))
            throw config_error("recorded units", std::to_string(gids[j]),
                               "sorted distinct gids below N = " +
                                   std::to_string(part.global_size()));
        if (part.owns(gids[j])) local.push_back(static_cast<std::size_t>(gids[j] - part.begin()));
    }
    return local;
}

std::size_t checked_lag(std::size_t max_lag, std::uint64_t expected_steps) {
    if (max_lag == 0 || max_lag > expected_steps)
        throw config_error("max_lag", std::to_string(max_lag),
                           "1 .. the number of recorded steps (" +
                               std::to_string(expected_steps) + ")");
    return max_lag;
}

}  // namespace

std::vector<population_range> population_ranges(const network_spec& spec) {
    std::vector<population_range> out;
    for (std::size_t p = 0; p < spec.populations.size(); ++p)
        out.push_back({spec.populations[p].name, spec.offset(p), spec.populations[p].size});
    return out;
}

rate_observables::rate_observables(const context& ctx, const partition& part,
                                   std::vector<population_range> populations,
                                   std::span<const gid_type> recorded, std::size_t max_lag,
                                   std::uint64_t expected_steps, std::size_t flush_block)
    : ctx_(ctx),
      part_(part),
      pops_(std::move(populations)),
      recorded_local_(owned_recorded(part, recorded)),
      l_(checked_lag(max_lag, expected_steps)),
      flush_block_(flush_block),
      acf_eta_(recorded_local_.size(), l_),
      acf_x_(recorded_local_.size(), l_),
      acf_phi_(recorded_local_.size(), l_) {
    if (flush_block_ == 0) throw config_error("flush_block", "0", ">= 1");
    n_recorded_ = recorded.size();
    recorded_first_ = static_cast<std::uint64_t>(std::lower_bound(recorded.begin(), recorded.end(), part_.begin()) -
                                                  recorded.begin());
    check_populations(pops_, part_.global_size());
    for (const auto& p : pops_) {
        const gid_type lo = std::clamp<gid_type>(p.first, part_.begin(), part_.end());
        const gid_type hi = std::clamp<gid_type>(p.first + p.size, part_.begin(), part_.end());
        local_lo_.push_back(static_cast<std::size_t>(lo - part_.begin()));
        local_hi_.push_back(static_cast<std::size_t>(hi - part_.begin()));
    }
    buffer_.reserve(flush_block_ * pops_.size());
    sums_.reserve(flush_block_ * (n_sums - 1) * pops_.size());
    stats_.assign((pops_.size() + 1) * n_stats, welford{});
    const std::size_t n = part_.local_size();
    for (auto* v : {&cx_, &ceta_, &sx_, &sxx_, &seta_, &setaeta_, &on_}) v->assign(n, 0.0);
    scratch_.reserve(recorded_local_.size());
}

void rate_observables::record(std::span<const double> x, std::span<const double> eta,
                              std::span<const double> phi) {
    const std::size_t n = part_.local_size();
    BALNET_ASSERT(x.size() == n && eta.size() == n && phi.size() == n);
    accumulate_populations(x, eta, phi);
    accumulate_units(x, eta);
    feed_acf(x, eta, phi);
    ++n_steps_;
    // Depends only on the call count, identical on every rank: a safe collective.
    if (n_steps_ - folded_ == flush_block_) flush();
}

void rate_observables::accumulate_populations(std::span<const double> x,
                                              std::span<const double> eta,
                                              std::span<const double> phi) {
    auto& [phi_on, phi_sum, x_sum, eta_sum] = step_;
    for (std::size_t p = 0; p < pops_.size(); ++p) {
        double n_on = 0;
        for (auto& a : step_) a.clear();
        for (std::size_t i = local_lo_[p]; i < local_hi_[p]; ++i) {
            if (x[i] > 0.0) {
                n_on += 1.0;
                phi_on.add(phi[i]);
            }
        }
        const std::size_t lo = local_lo_[p], n = local_hi_[p] - lo;
        phi_sum.add(phi.subspan(lo, n));
        x_sum.add(x.subspan(lo, n));
        eta_sum.add(eta.subspan(lo, n));
        buffer_.push_back(n_on);
        for (const auto& a : step_) sums_.push_back(a);
    }
}

void rate_observables::accumulate_units(std::span<const double> x, std::span<const double> eta) {
    if (n_steps_ == 0) {
        std::copy(x.begin(), x.end(), cx_.begin());
        std::copy(eta.begin(), eta.end(), ceta_.begin());
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double dx = x[i] - cx_[i];
        const double de = eta[i] - ceta_[i];
        sx_[i] += dx;
        sxx_[i] += dx * dx;
        seta_[i] += de;
        setaeta_[i] += de * de;
        on_[i] += x[i] > 0.0 ? 1.0 : 0.0;
    }
}

void rate_observables::feed_acf(std::span<const double> x, std::span<const double> eta,
                                std::span<const double> phi) {
    auto push = [this](autocovariance_accumulator& acc, std::span<const double> v) {
        scratch_.clear();
        for (auto i : recorded_local_) scratch_.push_back(v[i]);
        acc.push(scratch_);
    };
    push(acf_eta_, eta);
    push(acf_x_, x);
    push(acf_phi_, phi);
}

void rate_observables::flush() {
    ctx_.sum_inplace(std::span<double>(buffer_));  // integer counts: exact in any order
    const auto sums = ctx_.sum_exact(sums_);
    const std::size_t n_pops = pops_.size();
    std::vector<double> step(n_sums * n_pops);
    const auto n_buffered = static_cast<std::size_t>(n_steps_ - folded_);
    for (std::size_t t = 0; t < n_buffered; ++t) {
        for (std::size_t p = 0; p < n_pops; ++p) {
            step[p * n_sums] = buffer_[t * n_pops + p];
            for (std::size_t j = 1; j < n_sums; ++j)
                step[p * n_sums + j] = sums[(t * n_pops + p) * (n_sums - 1) + j - 1];
        }
        fold_step(step);
    }
    buffer_.clear();
    sums_.clear();
}

void rate_observables::fold_step(std::span<const double> sums) {
    const double count = static_cast<double>(++folded_);
    auto fold = [&](std::size_t slot, const double* s, double size) {
        welford* w = stats_.data() + slot * n_stats;
        w[0].add(s[0] / size, count);                      // f(t) = n(t)/N
        w[1].add(s[0] > 0.0 ? s[1] / s[0] : nan, count);   // mu(t), NaN when nothing is ON
        w[2].add(s[2] / size, count);                      // population mean of phi
        w[3].add(s[3] / size, count);                      // ... of x
        w[4].add(s[4] / size, count);                      // ... of eta
    };
    double all[n_sums] = {0, 0, 0, 0, 0};
    for (std::size_t p = 0; p < pops_.size(); ++p) {
        const double* s = sums.data() + p * n_sums;
        fold(p, s, static_cast<double>(pops_[p].size));
        for (std::size_t j = 0; j < n_sums; ++j) all[j] += s[j];
    }
    fold(pops_.size(), all, static_cast<double>(part_.global_size()));
}

population_summary rate_observables::population_stats(std::size_t p) const {
    const welford* w = stats_.data() + p * n_stats;
    const double r = static_cast<double>(folded_);
    auto mean = [&](std::size_t j) { return folded_ == 0 ? nan : w[j].mean; };
    auto var = [&](std::size_t j) { return folded_ < 2 ? nan : w[j].m2 / (r - 1.0); };
    population_summary s;
    s.name = p < pops_.size() ? pops_[p].name : "all";
    s.f = mean(0);
    s.var_f = var(0);
    s.mu = mean(1);
    s.var_mu = var(1);
    s.m = mean(2);
    s.xbar = mean(3);
    s.etabar = mean(4);
    return s;
}

std::vector<double> rate_observables::acf_of(const autocovariance_accumulator::result& r,
                                             double kept) const {
    std::vector<double> out(r.sum.size());
    for (std::size_t k = 0; k < out.size(); ++k) out[k] = r.sum[k] / kept;
    return out;
}

rate_summary rate_observables::finalize(double rc_dt) {
    flush();
    rate_summary out;
    out.n_steps = n_steps_;
    const population_summary all = population_stats(pops_.size());
    out.m = all.m, out.f = all.f, out.var_f = all.var_f, out.mu = all.mu;
    out.var_mu = all.var_mu, out.xbar = all.xbar, out.etabar = all.etabar;
    for (std::size_t p = 0; p < pops_.size(); ++p) out.populations.push_back(population_stats(p));

    const double r = static_cast<double>(n_steps_);
    // Exact sums over units (tvx, qvx, tveta, qveta times N, then the three ACFs' lags), each
    // unit's term computed from that unit alone: the same bits at any rank count.
    std::vector<exact_sum> exact(4);
    for (std::size_t i = 0; i < sx_.size(); ++i) {
        const double mx = sx_[i] / r, me = seta_[i] / r;
        exact[0].add(sxx_[i] / r - mx * mx);
        exact[1].add((cx_[i] + mx - out.xbar) * (cx_[i] + mx - out.xbar));
        exact[2].add(setaeta_[i] / r - me * me);
        exact[3].add((ceta_[i] + me - out.etabar) * (ceta_[i] + me - out.etabar));
    }
    const auto re = acf_eta_.finalize(), rx = acf_x_.finalize(), rp = acf_phi_.finalize();
    for (const auto* a : {&re, &rx, &rp})
        exact.insert(exact.end(), a->sum_exact.begin(), a->sum_exact.end());
    ctx_.sum_exact(std::span<exact_sum>(exact));
    std::vector<double> red;
    for (std::size_t j = 0; j < 4; ++j) red.push_back(exact[j].to_double());
    std::vector<std::uint64_t> kept{re.n_kept, rx.n_kept, rp.n_kept};
    ctx_.sum_inplace(std::span<std::uint64_t>(kept));
    for (const auto k : kept) red.push_back(static_cast<double>(k));
    for (std::size_t j = 4; j < exact.size(); ++j) red.push_back(exact[j].to_double());

    const double n = static_cast<double>(part_.global_size());
    out.tvx = red[0] / n, out.qvx = red[1] / n, out.tveta = red[2] / n, out.qveta = red[3] / n;
    const auto lag_span = [&](std::size_t j) {
        return std::span<const double>(red.data() + 7 + j * l_, l_);
    };
    auto divide = [&](std::size_t j) {
        std::vector<double> v(lag_span(j).begin(), lag_span(j).end());
        for (auto& c : v) c /= red[4 + j];
        return v;
    };
    out.r_eta = divide(0);
    out.r_x = divide(1);
    out.r_phi = divide(2);
    out.n_acf_units = static_cast<std::uint64_t>(red[4]);
    out.beta = beta_from_acf(out.r_eta, rc_dt);
    out.on_fraction.resize(on_.size());
    for (std::size_t i = 0; i < on_.size(); ++i) out.on_fraction[i] = on_[i] / r;
    return out;
}

std::vector<double> rate_observables::serialise() const {
    std::vector<double> v{state_version,
                          static_cast<double>(part_.local_size()),
                          static_cast<double>(pops_.size()),
                          static_cast<double>(recorded_local_.size()),
                          static_cast<double>(l_),
                          static_cast<double>(flush_block_),
                          static_cast<double>(n_steps_),
                          static_cast<double>(folded_),
                          static_cast<double>(n_steps_ - folded_)};
    v.insert(v.end(), buffer_.begin(), buffer_.end());
    const auto sums = sums_.serialise();
    v.insert(v.end(), sums.begin(), sums.end());
    for (const auto& w : stats_) v.insert(v.end(), {w.mean, w.m2});
    for (const auto* u : {&cx_, &ceta_, &sx_, &sxx_, &seta_, &setaeta_, &on_})
        v.insert(v.end(), u->begin(), u->end());
    for (const auto* a : {&acf_eta_, &acf_x_, &acf_phi_}) {
        const auto s = a->serialise();
        v.push_back(static_cast<double>(s.size()));
        v.insert(v.end(), s.begin(), s.end());
    }
    return v;
}

void rate_observables::restore(std::span<const double> state) {
    auto fail = [] { throw internal_error("rate_observables::restore: state of another shape"); };
    if (state.size() < header_size) fail();
    const double expect[] = {state_version,
                             static_cast<double>(part_.local_size()),
                             static_cast<double>(pops_.size()),
                             static_cast<double>(recorded_local_.size()),
                             static_cast<double>(l_),
                             static_cast<double>(flush_block_)};
    if (!std::equal(std::begin(expect), std::end(expect), state.begin())) fail();
    const auto steps = static_cast<std::uint64_t>(state[6]);
    const auto folded = static_cast<std::uint64_t>(state[7]);
    const auto buffered = static_cast<std::size_t>(state[8]);
    if (folded > steps || steps - folded != buffered || buffered >= flush_block_) fail();
    std::size_t pos = header_size;
    auto take = [&](std::size_t n) {
        if (state.size() - pos < n) fail();
        pos += n;
        return state.subspan(pos - n, n);
    };
    const auto buf = take(buffered * pops_.size());
    buffer_.assign(buf.begin(), buf.end());
    pos += sums_.restore(state.subspan(pos));
    if (sums_.size() != buffered * (n_sums - 1) * pops_.size()) fail();
    const auto st = take(2 * stats_.size());
    for (std::size_t j = 0; j < stats_.size(); ++j) stats_[j] = {st[2 * j], st[2 * j + 1]};
    for (auto* u : {&cx_, &ceta_, &sx_, &sxx_, &seta_, &setaeta_, &on_}) {
        const auto s = take(u->size());
        std::copy(s.begin(), s.end(), u->begin());
    }
    for (auto* a : {&acf_eta_, &acf_x_, &acf_phi_}) {
        const auto len = static_cast<std::size_t>(take(1)[0]);
        a->restore(take(len));
    }
    if (pos != state.size()) fail();
    n_steps_ = steps;
    folded_ = folded;
}

namespace {
constexpr std::size_t unit_sums = 7;  // cx, ceta, sx, sxx, seta, setaeta, on
constexpr const char* acf_names[] = {"acf_eta", "acf_x", "acf_phi"};
}  // namespace

named_state rate_observables::checkpoint_state() const {
    if (n_steps_ != folded_) throw internal_error("rate_observables::checkpoint_state: fold_buffered() first");
    constexpr auto shared = state_field::scope::shared;
    named_state n;
    n.add_counts("steps", std::vector<std::uint64_t>{n_steps_}, std::numeric_limits<std::uint64_t>::max(), shared);
    std::vector<double> st;
    for (const auto& w : stats_) st.insert(st.end(), {w.mean, w.m2});
    n.add_reals("stats", st, shared);
    std::vector<double> units;
    units.reserve(unit_sums * cx_.size());
    for (std::size_t i = 0; i < cx_.size(); ++i)
        units.insert(units.end(), {cx_[i], ceta_[i], sx_[i], sxx_[i], seta_[i], setaeta_[i], on_[i]});
    n.add_item_reals("units", units, part_.begin(), part_.global_size(), unit_sums);
    const autocovariance_accumulator* acfs[] = {&acf_eta_, &acf_x_, &acf_phi_};
    for (std::size_t a = 0; a < 3; ++a) {
        const auto& acf = *acfs[a];
        n.add_counts(std::string(acf_names[a]) + "_head", std::vector<std::uint64_t>{acf.n_samples(), acf.fill()},
                     std::numeric_limits<std::uint64_t>::max(), shared);
        n.add_item_reals(acf_names[a], acf.units(), recorded_first_, n_recorded_, acf.unit_stride());
    }
    return n;
}

void rate_observables::restore(const named_state& n) {
    auto fail = [] { throw internal_error("rate_observables::restore: state of another shape"); };
    const auto& steps = n.counts("steps");
    const auto& st = n.reals("stats");
    const auto& units = n.reals("units");
    if (steps.size() != 1 || st.size() != 2 * stats_.size() || units.size() != unit_sums * cx_.size()) fail();
    for (std::size_t j = 0; j < stats_.size(); ++j) stats_[j] = {st[2 * j], st[2 * j + 1]};
    std::vector<double>* u[] = {&cx_, &ceta_, &sx_, &sxx_, &seta_, &setaeta_, &on_};
    for (std::size_t i = 0; i < cx_.size(); ++i)
        for (std::size_t k = 0; k < unit_sums; ++k) (*u[k])[i] = units[i * unit_sums + k];
    autocovariance_accumulator* acfs[] = {&acf_eta_, &acf_x_, &acf_phi_};
    for (std::size_t a = 0; a < 3; ++a) {
        const auto& head = n.counts(std::string(acf_names[a]) + "_head");
        if (head.size() != 2 || head[1] >= acfs[a]->block()) fail();
        acfs[a]->restore_units(head[0], static_cast<std::size_t>(head[1]), n.reals(acf_names[a]));
    }
    buffer_.clear();
    sums_.clear();
    n_steps_ = folded_ = steps.front();
}

}  // namespace balnet
