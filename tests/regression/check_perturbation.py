#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Perturbations ([perturbation], docs/models.md §2.5.13), end to end:
 1. LIF, Brunel model A in the asynchronous-irregular state (inputs/examples/brunel-AI-small.ini,
    N = 2500, 400 ms), one spike added at t0 = 250 ms in three copies: /perturbation bitwise the
    same at 1, --np and 3 ranks; per copy and population the differing spikes, the spikes and the
    van Rossum distance recomputed here from the run's /spikes and the copy's spike report
    (symmetric difference of (neuron, step) pairs per bin; the filtered trains at every bin end,
    summed directly); no difference in any bin before t0 (causality: the added spike reaches its
    targets at t0 + delay); the copies' distance reaches the independent-trial level within tens
    of ms (London et al. 2010, Nature 466:123: the AI state is chaotic): every copy decorrelated
    within 50 ms, and the fraction of differing spikes over the last 100 ms at least 0.8 of two
    independent trials'; the independent copy is, bit for bit, a run with run.trial = 1;
 2. a kick of 0 mV: the copy's spike report equals the run's (the copy machinery changes no bit);
    shift_spike: the shifted neuron's spikes are the run's up to t0;
 3. rate networks (inputs/examples/sparse-balance-N=K=500-T=200.ini): a kick of 1e-6 to one
    unit's x; with J0 = 4 (chaotic) the distance grows (growth rate, the largest Lyapunov
    exponent, > 0.1 / tau, recomputed here from the copies' distances by the documented fit);
    with J0 = 0.1 (a stable fixed point) it decays (< -0.5 / tau) and never decorrelates; the
    rate /perturbation bitwise the same at 1 and --np ranks;
 4. bad input: exit 2 with one line naming key, value and what is allowed.
usage: check_perturbation.py --balnet B --mpiexec M --np N --work DIR
"""
import os
import subprocess
import sys

import h5py
import numpy as np

import regtest as rt

EX = os.path.join(rt.SRC, "inputs", "examples")
AI = os.path.join(EX, "brunel-AI-small.ini")
SB = os.path.join(EX, "sparse-balance-N=K=500-T=200.ini")
DT = 0.1
LIF_ARGS = ["--lif.T=400", "--meanfield.enabled=false", "--perturbation.kind=add_spike", "--perturbation.t0=250",
            "--perturbation.count=3"]
T0, TAU, BIN = 250.0, 5.0, 1.0


def datasets(g, prefix=""):
    """Every dataset under group g, by path, and every attribute, by 'path@name'."""
    out = {prefix + "@" + k: np.asarray(v) for k, v in g.attrs.items()}
    for k, v in g.items():
        if isinstance(v, h5py.Dataset):
            out[prefix + "/" + k] = v[()]
            out.update({prefix + "/" + k + "@" + n: np.asarray(x) for n, x in v.attrs.items()})
        else:
            out.update(datasets(v, prefix + "/" + k))
    return out


def same_tree(label, pa, pb, group="perturbation"):
    with h5py.File(pa, "r") as fa, h5py.File(pb, "r") as fb:
        a, b = datasets(fa[group]), datasets(fb[group])
    differ = [k for k in a if k not in b or not rt.same_bits(np.asarray(a[k]), np.asarray(b[k]))]
    rt.check(label, set(a) == set(b) and not differ, f"{len(a)} items; differing {differ[:4]}")


def steps_of(g, pop):
    ids = np.asarray(g[pop]["node_ids"][:], dtype=np.int64)
    return ids, np.rint(np.asarray(g[pop]["timestamps"][:]) / DT).astype(np.int64)


def expected_series(ref, cop, n_bins, bin_steps, tau_steps):
    """differing, spikes and distance per bin from two reports (ids, stamps)."""
    key = lambda ids, st: set(zip(ids.tolist(), st.tolist()))
    sa, sb = key(*ref), key(*cop)
    diff = np.zeros(n_bins, np.uint64)
    for _, s in sa ^ sb:
        b = (s - 1) // bin_steps
        if b < n_bins:
            diff[b] += 1
    tot = np.zeros(n_bins, np.uint64)
    for _, st in (ref, cop):
        b = (st - 1) // bin_steps
        np.add.at(tot, b[b < n_bins], 1)
    ends = (np.arange(n_bins) + 1) * bin_steps
    n = int(max(ref[0].max(initial=0), cop[0].max(initial=0))) + 1
    dist = np.zeros(n_bins)
    for k, e in enumerate(ends):
        f = []
        for ids, st in (ref, cop):
            m = st <= e
            f.append(np.bincount(ids[m], weights=np.exp(-(e - st[m]) / tau_steps), minlength=n))
        num, den = ((f[0] - f[1]) ** 2).sum(), (f[0] ** 2 + f[1] ** 2).sum()
        dist[k] = np.sqrt(num / den) if den > 0 else 0.0
    return diff, tot, dist


def check_lif(a, w):
    runs = {}
    for np_ in sorted({1, a.np, 3}):
        runs[np_] = os.path.join(w, f"ai_np{np_}.h5")
        rt.run_checked(a, ["run", AI, f"--output.file={runs[np_]}", *LIF_ARGS], np_)
    for np_ in runs:
        if np_ != 1:
            same_tree(f"lif /perturbation np 1 vs np {np_}", runs[1], runs[np_])
    trial1 = os.path.join(w, "ai_trial1.h5")
    rt.run_checked(a, ["run", AI, f"--output.file={trial1}", "--run.trial=1", "--lif.T=400",
                       "--meanfield.enabled=false"], 1)
    with h5py.File(runs[a.np], "r") as f, h5py.File(trial1, "r") as t1:
        rt.check_complete("lif perturbation", f)
        g = f["perturbation"]
        n_bins = len(g["time"])
        k0 = round(T0 / DT)
        for pop in ("E", "I"):
            rt.check(f"lif independent copy = run.trial 1 ({pop})",
                     all(rt.same_bits(g[f"independent/spikes/{pop}/{k}"][:], t1[f"spikes/{pop}/{k}"][:])
                         for k in ("node_ids", "timestamps")))
            ref = steps_of(f["spikes"], pop)
            level = g[f"independent/populations/{pop}/fraction"][-100:].mean()
            for c in range(3):
                q = g[f"copies/{c}/populations/{pop}"]
                diff, tot, dist = expected_series(ref, steps_of(g[f"copies/{c}/spikes"], pop), n_bins,
                                                  round(BIN / DT), TAU / DT)
                rt.check(f"lif copy {c} {pop} differing spikes recomputed", rt.same_bits(q["differing"][:], diff))
                rt.check(f"lif copy {c} {pop} spikes recomputed", rt.same_bits(q["spikes"][:], tot))
                err = np.abs(q["distance"][:] - dist).max()
                rt.check(f"lif copy {c} {pop} van Rossum distance recomputed", err <= 1e-9, f"max |diff| {err:.3g}")
                before = int(diff[: k0 // round(BIN / DT)].sum())
                rt.check(f"lif copy {c} {pop} no difference before t0", before == 0, f"{before} differing spikes")
                frac = q["fraction"][-100:].mean()
                rt.check(f"lif copy {c} {pop} differs like independent trials", frac >= 0.8 * level,
                         f"fraction {frac:.3f} vs independent {level:.3f}")
            t_dec = g[f"populations/{pop}/decorrelation_time"][:]
            rt.check(f"lif {pop} decorrelated within 50 ms", bool(np.all(t_dec <= 50)), f"{t_dec} ms after t0")
            print(f"  {pop}: saturation {g[f'populations/{pop}/saturation'][()]:.4g}, growth rate "
                  f"{g[f'populations/{pop}/growth_rate'][()]:.4g} / ms")


def check_lif_neutral(a, w):
    base = ["--lif.T=300", "--meanfield.enabled=false", "--perturbation.t0=150"]
    k0, ks = os.path.join(w, "kick0.h5"), os.path.join(w, "shift.h5")
    rt.run_checked(a, ["run", AI, f"--output.file={k0}", *base, "--perturbation.kind=kick", "--perturbation.kick=0"], a.np)
    rt.run_checked(a, ["run", AI, f"--output.file={ks}", *base, "--perturbation.kind=shift_spike",
                       "--perturbation.delta=0.5", "--perturbation.neuron=7"], a.np)
    with h5py.File(k0, "r") as f:
        rt.check("lif kick 0: the copy is the run",
                 all(rt.same_bits(f[f"perturbation/copies/0/spikes/{p}/{k}"][:], f[f"spikes/{p}/{k}"][:])
                     for p in ("E", "I") for k in ("node_ids", "timestamps")))
    with h5py.File(ks, "r") as f:
        ids, st = steps_of(f["spikes"], "E")
        ci, cs = steps_of(f["perturbation/copies/0/spikes"], "E")
        early = lambda i, s: sorted(zip(i[s <= 1500].tolist(), s[s <= 1500].tolist()))
        later = lambda i, s: sorted(zip(i[s > 1500].tolist(), s[s > 1500].tolist()))
        rt.check("lif shift_spike: the same spikes up to t0", early(ids, st) == early(ci, cs))
        rt.check("lif shift_spike: the spikes differ after t0", later(ids, st) != later(ci, cs))


def fitted_rate(t, copies, t0, window, floor, level):
    """The documented fit (docs/models.md 2.5.13), written anew: mean log distance over copies in
    (t0, t0 + window] before the mean reaches `level`, from its minimum on if it grows by e."""
    mean = copies.mean(axis=0)
    x, y = [], []
    for b in range(len(t)):
        if t[b] <= t0 or t[b] > t0 + window:
            continue
        if mean[b] >= level:
            break
        if np.all(copies[:, b] > 0):
            x.append(t[b])
            y.append(np.log(copies[:, b]).mean())
    lo = int(np.argmin(y))
    if len(y) - lo >= 3 and y[-1] >= y[lo] + 1:
        x, y = x[lo:], y[lo:]
    return np.polyfit(x, y, 1)[0]


def check_rate(a, w):
    common = ["--run.T=80", "--perturbation.kind=kick", "--perturbation.kick=1e-6", "--perturbation.t0=20",
              "--perturbation.count=3", "--perturbation.bin=0.2", "--perturbation.fit_window=60"]
    paths = {}
    for j0 in ("4", "0.1"):
        paths[j0] = os.path.join(w, f"rate_J0={j0}.h5")
        rt.run_checked(a, ["run", SB, f"--output.file={paths[j0]}", f"--weights.J0={j0}", *common], a.np)
    one = os.path.join(w, "rate_J0=4_np1.h5")
    rt.run_checked(a, ["run", SB, f"--output.file={one}", "--weights.J0=4", *common], 1)
    if a.np != 1:
        same_tree(f"rate /perturbation np 1 vs np {a.np}", one, paths["4"])
    for j0, path in paths.items():
        with h5py.File(path, "r") as f:
            g = f["perturbation"]
            t = g["time"][:]
            copies = np.array([g[f"copies/{c}/distance"][:] for c in range(3)])
            sat = g["saturation"][()]
            floor = 1e-6 / np.sqrt(500)
            level = 0.5 * sat if 0.5 * sat > floor else np.inf
            rate = fitted_rate(t, copies, 1000 * 0.02, 3000 * 0.02, floor, level)  # k0 dt, fit window: as the run
            got = g["growth_rate"][()]
            rt.check(f"rate J0 = {j0} growth rate recomputed", abs(got - rate) <= 1e-9 * abs(rate), f"{got:.10g} vs {rate:.10g}")
            if j0 == "4":
                rt.check("rate chaotic: growth rate > 0.1 / tau", got > 0.1, f"{got:.4g}")
                rt.check("rate chaotic: every copy decorrelated", bool(np.all(np.isfinite(g["decorrelation_time"][:]))))
            else:
                rt.check("rate fixed point: growth rate < -0.5 / tau", got < -0.5, f"{got:.4g}")
                rt.check("rate fixed point: no copy decorrelated", bool(np.all(np.isnan(g["decorrelation_time"][:]))))
                rt.check("rate fixed point: the distance shrinks below the kick's", copies[:, -1].max() < floor)


def check_bad(a, w):
    out = os.path.join(w, "bad.h5")
    lif = ["run", AI, f"--output.file={out}", "--lif.T=300"]
    cases = [
        ("t0 beyond the run", [*lif, "--perturbation.kind=kick", "--perturbation.t0=300"], ["perturbation.t0", "300", "<"]),
        ("gid out of range", [*lif, "--perturbation.kind=kick", "--perturbation.neuron=2500"],
         ["perturbation.neuron", "2500", "< 2500"]),
        ("delta off the grid", [*lif, "--perturbation.kind=shift_spike", "--perturbation.delta=0.15"],
         ["perturbation.delta", "0.15", "multiple of lif.dt"]),
        ("t0 off the grid", [*lif, "--perturbation.kind=kick", "--perturbation.t0=100.05"], ["perturbation.t0", "100.05", "multiple"]),
        ("with checkpoints", [*lif, "--perturbation.kind=kick", "--checkpoint.every=100"], ["perturbation.kind", "kick", "none with"]),
        ("spike kinds on rate networks", ["run", SB, f"--output.file={out}", "--perturbation.kind=add_spike"],
         ["perturbation.kind", "add_spike", "none or kick"]),
        ("on SCN", ["run", os.path.join(EX, "scn-2d-tracking-N=100.ini"), f"--output.file={out}", "--perturbation.kind=kick"],
         ["perturbation.kind"]),
        ("with --resume", [*lif, "--perturbation.kind=kick", "--resume"], ["perturbation.kind", "kick", "--resume"]),
    ]
    for name, args, needles in cases:
        rt.remove(out)
        p = subprocess.run(rt.command(a, args, a.np), capture_output=True, text=True, timeout=120)
        ok, detail = rt.one_error_line(p, needles)
        rt.check(f"bad input: {name}", ok and not os.path.exists(out), detail)


def main():
    a = rt.arguments(np_default=2)
    check_lif(a, a.work)
    check_lif_neutral(a, a.work)
    check_rate(a, a.work)
    check_bad(a, a.work)
    return rt.summary()


if __name__ == "__main__":
    sys.exit(main())
