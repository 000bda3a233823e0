#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""`balnet mft` for the Potjans & Diesmann (2014) microcircuit (lif.network = microcircuit),
against a mean field written here from the papers, not from balnet's code.

1. Full scale and inputs/examples/microcircuit.ini (scale 0.1, k_scale 0.1): the table is rebuilt
   here in numpy (PD14 Table 5 and eq. 1, van Albada et al. 2015's weight and DC scaling with
   NEST's full-scale reference rates); the mu and sigma in --meanfield.file must be those of the
   written rates (1e-9), and the written rates must be a fixed point of the Siegert formula with
   the Fourcaud & Brunel (2002) shift, integrated here by scipy's quad (1e-6 relative).
2. The printed neuron and synapse totals: 77169 and sum of eq. 1 (2.98881e8).
3. Inputs: lif.scale = 0, lif.k_scale = 2, a scale that empties L5I and keys of model A that the model
   fixes (lif.c_e, lif.tau_m) are refused naming the key.

usage: check_microcircuit_mft.py --balnet B --mpiexec M --np N --work DIR
"""
import math
import os

import h5py
import numpy as np
from scipy.integrate import quad
from scipy.special import erfcx, zeta

from regtest import SRC, arguments, balnet, check, one_error_line, summary

EXAMPLE = os.path.join(SRC, "inputs", "examples", "microcircuit.ini")

# PD14 Table 5 (order L23E L23I L4E L4I L5E L5I L6E L6I; p[target][source]).
N_FULL = np.array([20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948], dtype=float)
P = np.array([
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
    [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
    [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
    [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443]])
K_EXT = np.array([1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100], dtype=float)
NU_EXT, W, G = 8.0, 87.8, -4.0                   # Hz, pA
C_M, TAU_M, TAU_S, T_REF = 250.0, 10.0, 0.5, 2.0  # pF, ms
THETA, V_R = 15.0, 0.0                             # mV above E_L = -65
NEST_RATES = np.array([0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829])  # NEST example


def table(n, k):
    """Sizes, in-degrees, PSC matrix [pA], K_ext, external PSC and DC [pA] at scales (n, k)."""
    # PD14 eq. 1; log1p, since log((NN - 1)/NN) of NN ~ 4e8 keeps only 8 digits.
    total = np.log1p(-P) / np.log1p(-1.0 / np.outer(N_FULL, N_FULL))
    w = np.tile([W, G * W], 4) * np.ones((8, 1))
    w[0, 2] = 2 * W
    k_full = total / N_FULL[:, None]
    lost = 1e-3 * TAU_S * ((w * k_full) @ NEST_RATES + W * K_EXT * NU_EXT)
    size = np.round(N_FULL * n)  # numpy rounds half to even, as NEST's example
    indeg = np.round(total * n * k) / size[:, None]
    return size, indeg, w / math.sqrt(k), np.round(K_EXT * k), W / math.sqrt(k), (1 - math.sqrt(k)) * lost


def moments(nu, size, indeg, w, k_ext, w_ext, dc):
    j, j_ext = w * TAU_S / C_M, w_ext * TAU_S / C_M  # the charge of a PSC as a jump of v [mV]
    mu = TAU_M * 1e-3 * ((indeg * j) @ nu + k_ext * NU_EXT * j_ext) + dc * TAU_M / C_M
    var = TAU_M * 1e-3 * ((indeg * j * j) @ nu + k_ext * NU_EXT * j_ext ** 2)
    return mu, np.sqrt(var)


def siegert_shifted(mu, sigma):
    """1/nu = t_ref + tau_m sqrt(pi) int_{y_r}^{y_theta} e^{u^2} (1 + erf u) du with both bounds
    shifted by sqrt(tau_s/tau_m) |zeta(1/2)| / sqrt(2) (Fourcaud & Brunel 2002, eq. 4.13)."""
    shift = math.sqrt(TAU_S / TAU_M) * abs(zeta(0.5)) / math.sqrt(2)
    yt, yr = (THETA - mu) / sigma + shift, (V_R - mu) / sigma + shift
    integral, _ = quad(lambda u: erfcx(-u), yr, yt, epsabs=0, epsrel=1e-12, limit=200)
    return 1e3 / (T_REF + TAU_M * math.sqrt(math.pi) * integral)


def check_case(a, label, n, k):
    out = os.path.join(a.work, f"mc-{label}.h5")
    if os.path.exists(out):
        os.remove(out)
    p = balnet(a, ["mft", EXAMPLE, f"--lif.scale={n}", f"--lif.k_scale={k}", f"--meanfield.file={out}"], a.np)
    check(f"{label}: mft exit 0", p.returncode == 0, str(p.returncode))
    if p.returncode != 0:
        return p.stdout
    with h5py.File(out, "r") as f:
        m = f["meanfield"]
        nu, mu, sigma = m["rate"][()], m["mu"][()], m["sigma"][()]
        dc_file = m["dc"][()]
    size, indeg, w, k_ext, w_ext, dc = table(n, k)
    check(f"{label}: DC compensation as van Albada et al. (1e-9)", np.allclose(dc_file, dc, rtol=1e-9, atol=1e-9),
          f"{dc_file} vs {dc}")
    mu_py, sigma_py = moments(nu, size, indeg, w, k_ext, w_ext, dc)
    check(f"{label}: mu, sigma of the written rates (1e-9)",
          np.allclose(mu, mu_py, rtol=1e-9, atol=0) and np.allclose(sigma, sigma_py, rtol=1e-9, atol=0),
          f"mu {mu} vs {mu_py}; sigma {sigma} vs {sigma_py}")
    phi = np.array([siegert_shifted(x, s) for x, s in zip(mu_py, sigma_py)])
    check(f"{label}: the rates are a fixed point of the shifted Siegert formula (scipy, 1e-6)",
          np.allclose(phi, nu, rtol=1e-6, atol=0), f"phi {phi} vs nu {nu}")
    return p.stdout


def refused(a, extra, key):
    return one_error_line(balnet(a, extra, 1), [key])


def main():
    a = arguments(np_default=2)
    full = check_case(a, "full", 1, 1)
    check("full: 77169 neurons and 2.98881e+08 synapses printed",
          "(77169 neurons, 2.98881e+08 synapses)" in full)
    check_case(a, "example", 0.1, 0.1)
    for bad, key in [("--lif.scale=0", "lif.scale"), ("--lif.k_scale=2", "lif.k_scale"),
                     ("--lif.scale=0.0001", "lif.scale"), ("--lif.c_e=100", "lif.c_e"),
                     ("--lif.tau_m=20", "lif.tau_m")]:
        check(f"mft {bad} refused", *refused(a, ["mft", EXAMPLE, bad], key))
    return summary()


if __name__ == "__main__":
    raise SystemExit(main())
