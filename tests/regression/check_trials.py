#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Trials of one network (run.trial, run.trials; docs/models.md §2.5 items 5.3 and 5.11), end to end:
 1. LIF feed-forward (reference case A2: 1000 unconnected model-A neurons under Poisson input,
    Brunel 2000's AI point g = 5, eta = 2), run.trials = 8 on --np ranks: trial 5 of that run
    equals, bit for bit, a run with run.trial = 5 on one rank (a scan task); the first trial's
    /spikes equals a run without trials; /trials/0/spikes is the same report;
 2. /analysis/trials of that run against counts recomputed here from the eight spike reports
    (per (neuron, bin) mean and ddof-1 variance across trials; per neuron count_mean, count_var,
    neuron_fano; population fano, fano_sd, the var-vs-mean line and its scatter);
 3. the across-trial count variance over the mean (ratio of the population means: no ratio-
    estimator bias) against A2's Fano factor of 50 ms counts, 0.486 +- 0.009 (reference case A2,
    mean over 20 seeds of independent implementations of the model; a stationary train's counts
    in a 50 ms bin vary across trials as across consecutive bins), widened by 4 standard errors;
 4. SCN (reference case A9 noisy: N = 200, sigma_V = 3e-4 ms^-1/2), run.trials = 4: x^ rebuilt
    here from each trial's spikes and /network/decoder, its variance across trials, and the
    variance of independent Poisson neurons with the trial-averaged rates (item 5.11), against
    /analysis/trials/{xhat_var, xhat_var_poisson, reliability_gain}; the gain far above 1 and the
    trial Fano factor near 1 (docs/models.md §2.4.3, expected behaviour);
 5. trial 2 of that run equals a run with run.trial = 2; run.trial = 1 changes the spikes but not
    the decoder; the four trials as separate runs (a scan's tasks) give, through the Python
    package (balnet.trial_statistics), the statistics of the run with run.trials = 4.
usage: check_trials.py --balnet B --mpiexec M --np N --work DIR
"""
import os
import sys

import h5py
import numpy as np

import regtest as rt

REF = os.path.join(rt.SRC, "inputs", "reference")
A2 = os.path.join(REF, "A2-feedforward.ini")
A9 = os.path.join(REF, "scn-A9-noisy-N=200.ini")
K_LIF, K_SCN = 8, 4
FF_A2, FF_A2_TOL = 0.486, 0.009  # reference case A2: Fano factor of 50 ms counts


def report(f, root, pop):
    g = f[root + "/" + pop]
    return np.asarray(g["node_ids"][:]), np.asarray(g["timestamps"][:])


def same_report(label, fa, ra, fb, rb, pops):
    for p in pops:
        for k in ("node_ids", "timestamps"):
            x, y = np.asarray(fa[f"{ra}/{p}/{k}"][:]), np.asarray(fb[f"{rb}/{p}/{k}"][:])
            rt.check(f"{label} {p}/{k}", rt.same_bits(x, y), f"{len(x)} vs {len(y)} entries")


def counts(f, trials, pop, n, t0, bin_ms, n_bins, dt):
    """[trial, neuron, bin] spike counts: stamps (as steps) in [t0 + b bin, t0 + (b + 1) bin)."""
    c = np.zeros((len(trials), n, n_bins))
    s0, sb = round(t0 / dt), round(bin_ms / dt)
    for j, k in enumerate(trials):
        ids, ts = report(f, f"trials/{k}/spikes", pop)
        b = (np.rint(ts / dt).astype(np.int64) - s0) // sb
        keep = (b >= 0) & (b < n_bins)
        np.add.at(c[j], (ids[keep], b[keep]), 1)
    return c


def expected_stats(c):
    """The definitions of docs/output-layout.md from the sums over trials, neuron by neuron."""
    k = c.shape[0]
    s1, s2 = c.sum(axis=0), (c * c).sum(axis=0)
    out = {"count_mean": [], "count_var": [], "neuron_fano": []}
    ratios = []
    for i in range(c.shape[1]):
        m, v = s1[i] / k, (s2[i] - s1[i] ** 2 / k) / (k - 1)
        r = [vb / mb for mb, vb in zip(m, v) if mb > 0]
        ratios += r
        out["count_mean"].append(m.mean())
        out["count_var"].append(v.mean())
        out["neuron_fano"].append(sum(r) / len(r) if r else float("nan"))
    out = {key: np.array(val) for key, val in out.items()}
    nf = out["neuron_fano"][~np.isnan(out["neuron_fano"])]
    x, y = out["count_mean"], out["count_var"]
    x, y = x[x > 0], y[out["count_mean"] > 0]
    a = np.vstack([np.ones_like(x), x]).T
    (intercept, slope), *_ = np.linalg.lstsq(a, y, rcond=None)
    out.update({"fano": np.mean(ratios), "n_fano": len(ratios), "fano_sd": np.sqrt(np.mean((nf - nf.mean()) ** 2)),
                "var_mean_slope": slope, "var_mean_intercept": intercept,
                "var_mean_scatter": np.sqrt(np.mean((y - a @ [intercept, slope]) ** 2))})
    return out, k


def check_stats(label, g, exp):
    for key, v in exp.items():
        got = np.asarray(g[key][()], dtype=float)
        ok = np.allclose(got, v, rtol=1e-9, atol=1e-12, equal_nan=True)
        rt.check(f"{label} {key}", bool(ok), f"{np.ravel(got)[:3]} vs {np.ravel(v)[:3]}")


def lif(a):
    w = a.work
    args = ["--lif.T=1200", "--meanfield.enabled=false"]
    many, single, plain = (os.path.join(w, n) for n in ("lif_trials.h5", "lif_trial5.h5", "lif_plain.h5"))
    rt.run_checked(a, ["run", A2, f"--output.file={many}", f"--run.trials={K_LIF}", *args], a.np)
    rt.run_checked(a, ["run", A2, f"--output.file={single}", "--run.trial=5", *args], 1)
    rt.run_checked(a, ["run", A2, f"--output.file={plain}", *args], 1)
    with h5py.File(many, "r") as f, h5py.File(single, "r") as s, h5py.File(plain, "r") as p:
        rt.check_complete("lif trials", f)
        same_report("lif trial 5 vs run.trial = 5", f, "trials/5/spikes", s, "spikes", ["E"])
        same_report("lif first trial vs no trials", f, "spikes", p, "spikes", ["E"])
        same_report("lif /trials/0/spikes", f, "trials/0/spikes", p, "spikes", ["E"])
        n_diff = len(f["trials/1/spikes/E/node_ids"]) != len(f["trials/0/spikes/E/node_ids"]) or \
            not rt.same_bits(f["trials/1/spikes/E/timestamps"][:], f["trials/0/spikes/E/timestamps"][:])
        rt.check("lif trials differ", bool(n_diff))
        t = f["analysis/trials"]
        dt, (t0, t1), bin_ms = f.attrs["dt"], t.attrs["window_ms"], t.attrs["bin_ms"]
        rt.check("lif trials attributes", t.attrs["n_trials"] == K_LIF and bin_ms == 50.0 and t.attrs["n_bins"] == 20,
                 f"{dict(t.attrs)}")
        c = counts(f, range(K_LIF), "E", 1000, t0, bin_ms, int(t.attrs["n_bins"]), dt)
        exp, _ = expected_stats(c)
        g = t["populations/E"]
        check_stats("lif trials", g, exp)
        cm, cv = g["count_mean"][:], g["count_var"][:]
        ff = cv.mean() / cm.mean()
        se = cv.std() / np.sqrt(len(cv)) / cm.mean()
        tol = FF_A2_TOL + 4 * se
        rt.check("lif trial count variance / mean vs A2 FF(50 ms)", abs(ff - FF_A2) <= tol,
                 f"{ff:.4f} vs {FF_A2} +- {tol:.4f} (trial Fano, mean of ratios: {g['fano'][()]:.4f})")


def xhat_of(ids, ts, decoder, dt, lam, steps):
    """x^ after every step 1 .. steps from the spikes: r <- e^{-lambda h} r + spikes stamped now."""
    n_per_step = np.zeros((steps + 1, decoder.shape[1]))
    np.add.at(n_per_step, (np.rint(ts / dt).astype(np.int64), ids), 1)
    a = np.exp(-lam * dt)
    r = np.zeros(decoder.shape[1])
    out = np.zeros((steps + 1, decoder.shape[0]))
    for k in range(1, steps + 1):
        r = a * r + n_per_step[k]
        out[k] = decoder @ r
    return out, n_per_step


def scn(a):
    w = a.work
    many, one = os.path.join(w, "scn_trials.h5"), os.path.join(w, "scn_trial1_short.h5")
    tasks = [os.path.join(w, f"scn_trial{k}.h5") for k in range(K_SCN)]
    single = tasks[2]
    rt.run_checked(a, ["run", A9, f"--output.file={many}", f"--run.trials={K_SCN}"], a.np)
    for k, path in enumerate(tasks):
        rt.run_checked(a, ["run", A9, f"--output.file={path}", f"--run.trial={k}"], 1)
    rt.run_checked(a, ["run", A9, f"--output.file={one}", "--run.trial=1", "--scn.T=300"], 1)
    sys.path.insert(0, os.path.join(rt.SRC, "python"))
    import balnet
    scan_like = balnet.trial_statistics(tasks, "scn")
    with h5py.File(many, "r") as f, h5py.File(single, "r") as s, h5py.File(one, "r") as o:
        rt.check_complete("scn trials", f)
        same_report("scn trial 2 vs run.trial = 2", f, "trials/2/spikes", s, "spikes", ["scn"])
        rt.check("scn run.trial keeps the decoder", rt.same_bits(f["network/decoder"][:], o["network/decoder"][:]))
        dt = float(f.attrs["dt"])
        lam, T = rt.config_value(f, "scn.lambda"), rt.config_value(f, "scn.T")
        t = f["analysis/trials"]
        (t0, t1), steps = t.attrs["window_ms"], round(T / dt)
        s0, s1 = round(t0 / dt), round(t1 / dt)
        d = np.asarray(f["network/decoder"][:])
        xs, ns = [], []
        for k in range(K_SCN):
            x, n = xhat_of(*report(f, f"trials/{k}/spikes", "scn"), d, dt, lam, steps)
            xs.append(x[s0 + 1:s1 + 1])
            ns.append(n)
        sig = f["signal"]
        rows = np.rint(sig["time"][:] / dt).astype(np.int64)
        x0, _ = xhat_of(*report(f, "trials/0/spikes", "scn"), d, dt, lam, steps)
        rt.check("scn x^ rebuilt from the spikes", np.allclose(x0[rows], sig["xhat"][:], rtol=0, atol=1e-9))
        var = np.var(np.array(xs), axis=0, ddof=1).mean()
        rho_h = np.mean(ns, axis=0)  # trial-averaged spikes per step and neuron
        v, a2, pois = np.zeros(d.shape[1]), np.exp(-2 * lam * dt), []
        norm_sq = (d ** 2).sum(axis=0)
        for k in range(1, steps + 1):
            v = a2 * v + rho_h[k]
            if s0 < k <= s1:
                pois.append(norm_sq @ v / d.shape[0])
        pois = np.mean(pois)
        for key, exp in (("xhat_var", var), ("xhat_var_poisson", pois), ("reliability_gain", pois / var)):
            got = t[key][()]
            rt.check(f"scn trials {key}", abs(got - exp) <= 1e-9 * abs(exp), f"{got:.10g} vs {exp:.10g}")
        rt.check("scn read-out far more reliable than Poisson", t["reliability_gain"][()] > 10,
                 f"gain {t['reliability_gain'][()]:.4g}")
        c = counts(f, range(K_SCN), "scn", 200, t0, t.attrs["bin_ms"], int(t.attrs["n_bins"]), dt)
        exp, _ = expected_stats(c)
        check_stats("scn trials", t["populations/scn"], exp)
        check_stats("scn trials as scan tasks (balnet.trial_statistics)", t["populations/scn"],
                    {k: scan_like[k] for k in exp})
        fano = t["populations/scn/fano"][()]
        rt.check("scn trial Fano factor near 1", 0.8 <= fano <= 1.3, f"{fano:.4g}")


def main():
    a = rt.arguments()
    lif(a)
    scn(a)
    return rt.summary()


if __name__ == "__main__":
    sys.exit(main())
