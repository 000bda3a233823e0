#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Gaussian DMFT (balnet/meanfield/gaussian_dmft.hpp) against a balnet simulation of a nu = 1
network with K = 1000 (inputs/reference/dmft-lv-N=2000-K=1000.ini: J0 = 1.05, g = 2, I0 = 1,
rect_tanh, gamma weights, N = 2000, fixed in-degree, T = 200).

1. `balnet mft` prints the gaussian_dmft block (regime chaotic, tvx, beta, assumptions) and writes
   /meanfield/gaussian_dmft/{tvx, qvx, beta, lag, R_x, R_eta} with its residual.
2. `balnet run` (meanfield.enabled) of the same file: the theory, taken through the run's own
   finite-T estimators (finite_time_estimates), against the simulation: tvx, qvx, R_x at lags
   1, 2, 3, 5 tau, beta. Its /meanfield/comparison/gaussian_dmft table agrees with /analysis.

Tolerances (one seed, T = 200). Seeds 1 and 2 of this config gave tvx 0.0056 and 0.0045 against
the theory's 0.0052 at T = 200 (N = 4000 gave 0.0060), R_x(5 tau) 0.0025 and 0.0020 against
0.0026, R_x(lag)/R_x(0) within 0.06 of the theory up to 5 tau, beta 0.34 and 0.26 against 0.28.
So the seed-to-seed spread of tvx and R_x at T = 200 is ~15 % (relative std, two seeds plus the
N = K runs' 25 %). The finite-K corrections to the Gaussian theory (non-Gaussian gamma input,
K^-1/2, pair correlations at N = 2K) are of the same order: at N = K = 1000 tvx is 2x smaller,
at N = 4K within 10 %. Hence 35 % on tvx, qvx and R_x(1, 2, 3) (about 2.5 spreads), 45 % on
R_x(5) (noisier), 0.08 absolute on the normalised R_x shape, and 50 % for beta. beta is heavy-tailed
across seeds at nu = 1 (tests/data/sparse_balance_cases.md); at T = 200 its own-mean bias is
~50 %, corrected here to leading order only.

usage: check_dmft.py --balnet B --mpiexec M --np N --work DIR
"""
import os
import re
import sys

import h5py
import numpy as np

from regtest import SRC, arguments, balnet, block, check, summary

INI = os.path.join(SRC, "inputs", "reference", "dmft-lv-N=2000-K=1000.ini")


def rel(pred, sim):
    return abs(pred - sim) / abs(sim)


def test_mft(a):
    out = os.path.join(a.work, "mft_dmft.h5")
    p = balnet(a, ["mft", INI, "--meanfield.file=" + out], a.np)
    check("mft exit 0", p.returncode == 0, f"rc = {p.returncode}")
    b = block(p.stdout, "gaussian_dmft")
    check("mft prints the DMFT block", "regime: chaotic" in b and "tvx = " in b and "beta = " in b, b[:200])
    check("mft prints the DMFT assumptions", "assumptions: Gaussian dynamic mean-field theory" in b)
    with h5py.File(out, "r") as f:
        g = f["meanfield/gaussian_dmft"]
        check("file state ok", g.attrs["state"] in ("ok", b"ok"))
        check("file residual small", g.attrs["residual"] < 1e-8, str(g.attrs["residual"]))
        check("file iterations > 0", int(g.attrs["iterations"]) > 0)
        rx, lag = g["R_x"][:], g["lag"][:]
        check("R_x on the run's lags", len(rx) == 2000 and abs(lag[1] - 0.02) < 1e-12)
        check("R_x(0) = tvx", abs(rx[0] - g["tvx"][()]) <= 1e-12 * rx[0])
        check("var_x = tvx + qvx", abs(g["var_x"][()] - g["tvx"][()] - g["qvx"][()]) <= 1e-12 * g["var_x"][()])
        beta = g["beta"][()]
        re_ = g["R_eta"][:]
        b2 = re_[0] / (0.02 * (re_.sum() - (re_[0] + re_[-1]) / 2))
        check("file beta = docs/models.md 1.6 estimator on file R_eta", abs(beta - b2) <= 1e-9 * beta, f"{beta} vs {b2}")


def finite_T(g, T):
    """The theory through the estimators of a run of length T (as gaussian_dmft.hpp documents)."""
    ix = np.trapz(g["R_x"][:], dx=0.02)  # Int_0^40 R_x; the tail beyond 40 tau is < 1e-3 of it
    ie = np.trapz(g["R_eta"][:], dx=0.02)
    rx = g["R_x"][:] - 2 * ix / T
    re_ = g["R_eta"][:] - 2 * ie / T
    beta = re_[0] / (0.02 * (re_.sum() - (re_[0] + re_[-1]) / 2))
    return rx, g["qvx"][()] + 2 * ix / T, beta


def test_run(a):
    out = os.path.join(a.work, "run_dmft.h5")
    p = balnet(a, ["run", INI, "--output.file=" + out], a.np)
    check("run exit 0", p.returncode == 0, f"rc = {p.returncode}")
    with h5py.File(out, "r") as f:
        an = f["analysis"]
        T = float(an["n_recorded_steps"][()]) * 0.02
        g = f["meanfield/gaussian_dmft"]
        rx_t, qvx_t, beta_t = finite_T(g, T)
        sim_rx = an["R_x"][:]
        print(f"theory (T = {T:g}): tvx {rx_t[0]:.5g} qvx {qvx_t:.5g} beta {beta_t:.4g}; "
              f"simulation: tvx {an['tvx'][()]:.5g} qvx {an['qvx'][()]:.5g} beta {an['beta'][()]:.4g}")
        check("tvx within 35 %", rel(rx_t[0], an["tvx"][()]) <= 0.35, f"{rx_t[0]:.5g} vs {an['tvx'][()]:.5g}")
        check("qvx within 35 %", rel(qvx_t, an["qvx"][()]) <= 0.35, f"{qvx_t:.5g} vs {an['qvx'][()]:.5g}")
        for lag, tol in ((1, 0.35), (2, 0.35), (3, 0.35), (5, 0.45)):
            k = int(round(lag / 0.02))
            check(f"R_x({lag}) within {tol:.0%}", rel(rx_t[k], sim_rx[k]) <= tol, f"{rx_t[k]:.5g} vs {sim_rx[k]:.5g}")
            s_shape, t_shape = sim_rx[k] / sim_rx[0], rx_t[k] / rx_t[0]
            check(f"R_x({lag})/R_x(0) within 0.08", abs(s_shape - t_shape) <= 0.08, f"{t_shape:.4f} vs {s_shape:.4f}")
        check("beta within 50 %", rel(beta_t, an["beta"][()]) <= 0.50, f"{beta_t:.4g} vs {an['beta'][()]:.4g}")
        c = f["meanfield/comparison/gaussian_dmft"]
        names = [n.decode() if isinstance(n, bytes) else n for n in c.attrs["observables"]]
        sim = dict(zip(names, c["simulated"][:]))
        pred = dict(zip(names, c["predicted"][:]))
        check("comparison has tvx, beta, R_x(1)", {"tvx", "qvx", "beta", "R_x(1)"} <= set(names), str(names))
        if "tvx" in sim:
            check("comparison simulated tvx = /analysis/tvx", sim["tvx"] == an["tvx"][()])
            check("comparison predicted tvx = finite-T theory", abs(pred["tvx"] - rx_t[0]) <= 2e-3 * rx_t[0],
                  f"{pred['tvx']} vs {rx_t[0]}")
    check("run summary has the DMFT rows", "gaussian_dmft:" in p.stdout and re.search(r"^\s+tvx\s+simulated", p.stdout, re.M))


def test_refusal(a):
    p = balnet(a, ["mft", INI, "--weights.nu=0.5"])
    check("nu = 1/2 gamma: DMFT not applicable, naming weights.nu",
          "not applicable: gaussian_dmft: weights.nu = 0.5 < 1 with gamma weights" in block(p.stdout, "gaussian_dmft"),
          block(p.stdout, "gaussian_dmft")[:200])
    # Issue 13: the dilution the theory was validated at is K/N = 1/2 (this file); at N = K every
    # pair of units shares its inputs and the assumptions say so (docs/models.md 1.7.6).
    p = balnet(a, ["mft", INI])
    check("K/N = 1/2: no warning", "assumptions:" in block(p.stdout, "gaussian_dmft") and
          "WARNING" not in block(p.stdout, "gaussian_dmft"))
    p = balnet(a, ["mft", INI, "--network.N=1000"])
    check("N = K: DMFT flagged", "WARNING: network.K / network.N = 1 > 1/2" in block(p.stdout, "gaussian_dmft"),
          block(p.stdout, "gaussian_dmft")[-300:])


def main():
    a = arguments()
    test_mft(a)
    test_refusal(a)
    test_run(a)
    sys.exit(summary())


if __name__ == "__main__":
    main()
