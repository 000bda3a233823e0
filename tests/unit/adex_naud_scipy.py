#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The AdEx firing patterns of test_adex_neuron against a second, unrelated integrator.

Runs `test_adex_neuron --gtest_filter=adex_neuron.naud_*`, reads the spike stamps (k + 1) h that
the model printed for each parameter set of Naud, Marcille, Clopath & Gerstner (2008), Biol Cybern
99:335, Table 1, and integrates the same equations with scipy's DOP853 (explicit 8th-order
Dormand-Prince, adaptive, rtol = atol = 1e-10), the crossing of V_peak located by solve_ivp's event
root finding on the dense output and the reset applied there. Every
spike of the model must lie in the grid step of scipy's (the first 10 for the chaotic irregular set).
Usage: adex_naud_scipy.py TEST_BINARY
"""
import re
import subprocess
import sys

import numpy as np
from scipy.integrate import solve_ivp

H = 0.1         # [ms] the grid step of the test
T = 1000.0      # [ms] simulated
V_PEAK = 0.0    # [mV]
TOL = 1e-6      # [ms] slack at the step boundaries

# Naud et al. (2008), Table 1: C [pF], g_L [nS], E_L, V_T, Delta_T [mV], a [nS], tau_w [ms],
# b [pA], V_r [mV], I [pA].
TABLE1 = {
    "tonic spiking": (200, 10, -70, -50, 2, 2, 30, 0, -58, 500),
    "adaptation": (200, 12, -70, -50, 2, 2, 300, 60, -58, 500),
    "initial burst": (130, 18, -58, -50, 2, 4, 150, 120, -50, 400),
    "regular bursting": (200, 10, -58, -50, 2, 2, 120, 100, -46, 210),
    "delayed accelerating": (200, 12, -70, -50, 2, -10, 300, 0, -58, 300),
    "delayed regular bursting": (100, 10, -65, -50, 2, -10, 90, 30, -47, 110),
    "transient spiking": (100, 10, -65, -50, 2, 10, 90, 100, -47, 180),
    "irregular spiking": (100, 12, -60, -50, 2, -11, 130, 30, -48, 160),
}
CHAOTIC = {"irregular spiking": 10}


def scipy_spikes(c, g_l, e_l, v_t, d_t, a, tau_w, b, v_r, i):
    def rhs(_t, y):
        v, w = y
        # Past V_peak the event has already stopped the integration; the cap only keeps the
        # solver's trial points beyond it finite.
        x = min((v - v_t) / d_t, (V_PEAK - v_t) / d_t + 5.0)
        return [(-g_l * (v - e_l) + g_l * d_t * np.exp(x) - w + i) / c, (a * (v - e_l) - w) / tau_w]

    def crossing(_t, y):
        return y[0] - V_PEAK
    crossing.terminal = True
    crossing.direction = 1

    t, y, spikes = 0.0, [e_l, 0.0], []
    while t < T:
        sol = solve_ivp(rhs, (t, T), y, method="DOP853", rtol=1e-10, atol=1e-10, events=crossing)
        if sol.status != 1:
            break
        t = sol.t_events[0][0]
        spikes.append(t)
        y = [v_r, sol.y_events[0][0][1] + b]
    return spikes


def model_spikes(binary):
    out = subprocess.run([binary, "--gtest_filter=adex_neuron.naud_*"], capture_output=True, text=True,
                         check=False).stdout
    found = {}
    for m in re.finditer(r"^(.+?): (\d+) spikes, first at (\S+) ms; ISIs \[ms\]:(.*)$", out, re.M):
        name, n, first, isis = m.group(1), int(m.group(2)), float(m.group(3)), m.group(4).split()
        stamps = np.cumsum([first] + [float(d) for d in isis]) if n else np.array([])
        found[name] = [round(s / H) for s in stamps]  # the step k + 1 of each spike
    return found


def main():
    model = model_spikes(sys.argv[1])
    failures = 0
    for name, params in TABLE1.items():
        if name not in model:
            print(f"FAIL {name}: no output from the test binary")
            failures += 1
            continue
        ref = scipy_spikes(*params)
        steps = model[name]
        n = CHAOTIC.get(name, max(len(ref), len(steps)))
        bad = [j for j in range(n) if j >= len(ref) or j >= len(steps)
               or not (steps[j] * H - H - TOL <= ref[j] <= steps[j] * H + TOL)]
        status = "ok  " if not bad else "FAIL"
        print(f"{status} {name}: model {len(steps)} spikes, scipy {len(ref)}; compared {n}, outside their step: {bad[:5]}")
        failures += bool(bad)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
