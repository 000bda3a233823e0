#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Spike-coding networks end to end: runs balnet on the SCN reference cases of
tests/data/spiking_cases.md and checks the file against the reference values
(tolerance 4 x the seed-to-seed SD, stated there) and the stored spike statistics against numpy
recomputed from the /spikes report.

  A8     one neuron (docs/models.md 2.4.4): exactly 40.00 Hz at h = 0.1 ms; within 0.5 % of
         nu_1 = lambda / ln((r* + 1) / r*) at h = 0.01 ms (computed here from the formula)
  A9     SCN-2D circle, N = 50 deterministic: NRMSE, rate, rho_EI
  A9-noisy  N = 200, sigma_V = 3e-4: NRMSE, rate, CV
  ranks  a noisy network with a random knock-out at np 1 and np N: /spikes, /signal bitwise
  knockout  random half vs the half-plane D_2i > 0: graceful vs failed read-out

usage: check_scn_reference.py --balnet B --mpiexec M --np N --case A8|A9|A9-noisy|ranks|knockout --out DIR
"""
import math
import os
import sys

import h5py
import numpy as np

from regtest import (SRC, case_arguments, check, check_complete, check_scalars_equal, check_values,
                     run_checked, same_bits, summary)
from regtest import config_value as cfg

REF = os.path.join(SRC, "inputs", "reference")
A9 = {"analysis/nrmse": (0.0370, 0.0015), "analysis/rate": (11.72, 0.40), "analysis/rho_ei": (0.939, 0.017)}
A9_NOISY = {"analysis/nrmse": (0.0380, 0.0010), "analysis/rate": (13.25, 1.20), "analysis/cv": (1.02, 0.07)}


def run(args, ini, np_, out, extra=()):
    run_checked(args, ["run", os.path.join(REF, ini), "--output.file=" + out, *extra], np_)
    f = h5py.File(out, "r")
    check_complete(os.path.basename(out), f)
    return f


def check_against_spikes(case, f):
    """Rate, per-neuron rates and CV (docs/models.md 2.5.1, 2.5.2) recomputed from /spikes/scn alone."""
    dt = float(f.attrs["dt"])
    n = int(cfg(f, "scn.N"))
    t0, t1 = (int(round(cfg(f, k) / dt)) for k in ("scn.warmup", "scn.T"))
    ids = f["spikes/scn/node_ids"][()].astype(np.int64)
    steps = np.rint(f["spikes/scn/timestamps"][()] / dt).astype(np.int64)
    keep = (steps >= t0) & (steps < t1)
    ids, steps = ids[keep], steps[keep]
    window_s = (t1 - t0) * dt * 1e-3
    rate = len(ids) / (n * window_s)
    v = float(f["analysis/rate"][()])
    check(f"{case} rate = numpy from /spikes", abs(v - rate) <= 1e-9 * max(rate, 1), f"{v!r} vs {rate!r}")
    d = np.max(np.abs(f["analysis/neuron_rates"][()] - np.bincount(ids, minlength=n) / window_s))
    check(f"{case} neuron_rates = numpy from /spikes", d <= 1e-9, f"max |diff| = {d:.3g}")
    cvs = []
    for i in np.unique(ids):
        isi = np.diff(np.sort(steps[ids == i])).astype(float)
        if len(isi) >= int(cfg(f, "scn_analysis.min_isis")):
            cvs.append(isi.std() / isi.mean())
    if cvs:
        v = float(f["analysis/cv"][()])
        check(f"{case} cv = numpy from /spikes", abs(v - np.mean(cvs)) <= 1e-9, f"{v!r} vs {np.mean(cvs)!r}")


def check_signal(case, f):
    """NRMSE from the stored 1 ms samples of x~ and x^ (a subsample of the per-step sums)."""
    t, x, y = f["signal/time"][()], f["signal/x"][()], f["signal/xhat"][()]
    w = (t >= cfg(f, "scn.warmup")) & (t < cfg(f, "scn.T"))
    e = math.sqrt(((x[w] - y[w]) ** 2).sum() / (x[w] ** 2).sum())
    v = float(f["analysis/nrmse"][()])
    check(f"{case} NRMSE ~ numpy from /signal samples", abs(e - v) <= 0.1 * v, f"{e:.5g} vs {v:.5g}")


def case_a8(args):
    f = run(args, "scn-A8-single-neuron.ini", args.np, os.path.join(args.out, "A8.h5"))
    check("A8 rate at h = 0.1 ms", float(f["analysis/rate"][()]) == 40.0, repr(float(f["analysis/rate"][()])))
    g = run(args, "scn-A8-single-neuron.ini", args.np, os.path.join(args.out, "A8-fine.h5"), ["--scn.dt=0.01"])
    gamma, mu, nu, x0, lam = 0.1, 1e-3, 0.0, 0.1, 0.05
    rstar = gamma * x0 / (gamma ** 2 + mu) - 0.5 - nu / (2 * (gamma ** 2 + mu))
    nu1 = 1e3 * lam / math.log((rstar + 1) / rstar)
    r = float(g["analysis/rate"][()])
    check("A8 nu_1 formula = 40.43 Hz", abs(nu1 - 40.43) < 0.005, f"{nu1:.4f}")
    check("A8 rate at h = 0.01 ms within 0.5 % of nu_1", abs(r / nu1 - 1) <= 0.005, f"{r:.4f} vs {nu1:.4f}")
    check_against_spikes("A8", f)


def case_ranks(args):
    extra = ["--scn.N=60", "--scn.sigma_v=3e-4", "--scn.T=600", "--scn_knockout.kind=random",
             "--scn_knockout.time=300", "--scn_output.signal_dt=0.1", "--scn_output.current_traces=7"]
    a = run(args, "scn-A9-circle-N=50.ini", 1, os.path.join(args.out, "np1.h5"), extra)
    b = run(args, "scn-A9-circle-N=50.ini", args.np, os.path.join(args.out, f"np{args.np}.h5"), extra)
    for ds in ("spikes/scn/node_ids", "spikes/scn/timestamps", "signal/x", "signal/xhat",
               "analysis/ko_gids", "network/decoder", "state/currents/E", "state/currents/I"):
        x, y = a[ds][()], b[ds][()]
        check(f"np1 vs np{args.np} /{ds} bitwise", same_bits(x, y), f"{x.shape} vs {y.shape}")
    check_scalars_equal(f"np1 vs np{args.np}", a, b,
                        ("analysis/rate", "analysis/cv", "analysis/nrmse", "analysis/ko_nrmse_post", "analysis/rho_ei"))
    check_against_spikes("ranks", b)


def case_knockout(args):
    extra = ["--scn.N=100", "--run.seed=3", "--scn_knockout.time=500"]
    r = run(args, "scn-A9-circle-N=50.ini", args.np, os.path.join(args.out, "ko_random.h5"),
            extra + ["--scn_knockout.kind=random"])
    h = run(args, "scn-A9-circle-N=50.ini", args.np, os.path.join(args.out, "ko_half.h5"),
            extra + ["--scn_knockout.kind=half_plane"])
    check("random knock-out removes 50 neurons", float(r["analysis/ko_n_removed"][()]) == 50, "")
    ratio = float(r["analysis/ko_rmse_ratio"][()])
    check("random half: graceful (rmse ratio < 1.6)", ratio < 1.6, f"{ratio:.3f}")
    up = float(r["analysis/ko_rate_post_survivors"][()]) / float(r["analysis/ko_rate_pre"][()])
    check("random half: the survivors raise their rates", up > 1.3, f"x {up:.2f}")
    dec = h["network/decoder"][()]
    gids = h["analysis/ko_gids"][()]
    check("half-plane set = {i: D_2i > 0}", np.array_equal(gids, np.nonzero(dec[1] > 0)[0]), f"{len(gids)} neurons")
    t, x, y = h["signal/time"][()], h["signal/x"][()], h["signal/xhat"][()]
    post = t >= 550
    err = np.sqrt(((x - y) ** 2).sum(axis=1))
    up_err, down_err = err[post & (x[:, 1] > 0.5)].mean(), err[post & (x[:, 1] < -0.5)].mean()
    check("half-plane: fails where x_2 > 0", up_err > 0.5, f"mean |e| {up_err:.3f}")
    check("half-plane: still tracks where x_2 < 0", down_err < 0.1, f"mean |e| {down_err:.3f}")
    check("half-plane: rmse ratio >> random's", float(h["analysis/ko_rmse_ratio"][()]) > 5 * ratio,
          f"{float(h['analysis/ko_rmse_ratio'][()]):.2f} vs {ratio:.2f}")


def main():
    args = case_arguments()
    if args.case == "A8":
        case_a8(args)
    elif args.case == "ranks":
        case_ranks(args)
    elif args.case == "knockout":
        case_knockout(args)
    else:
        ini, table = {"A9": ("scn-A9-circle-N=50.ini", A9), "A9-noisy": ("scn-A9-noisy-N=200.ini", A9_NOISY)}[args.case]
        f = run(args, ini, args.np, os.path.join(args.out, args.case + ".h5"))
        check_values(args.case, table, lambda path: float(f[path][()]))
        check_against_spikes(args.case, f)
        check_signal(args.case, f)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
