#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Brian2 C++ standalone projects of two of compare_peers.py's benchmarks, generated and compiled
(not run) in DIR: the harness times DIR/main itself.

brunel: Brunel's model A (docs/models.md §2.2): tau = 20 ms, theta = 20 mV, V_r = 10 mV,
  t_ref = 2 ms, delta synapses (V jumps by J or -gJ after D = 1.5 ms), fixed in-degree C_E = 1000,
  C_I = 250 with multapses and autapses (partners drawn uniformly with replacement, as balnet),
  external drive a Poisson input of rate C_E eta nu_thr with weight J (PoissonInput), V(0) ~
  U(0, theta) as balnet's default.
coba: Brette et al. (2007) COBA as inputs/examples/coba.ini: E_L = V_r = -60 mV, theta = -50 mV,
  E_e = 0, E_i = -80 mV, tau_m = 20 ms, tau_e = 5 ms, tau_i = 10 ms, t_ref = 5 ms, p = 0.02,
  weights 0.6 and 6.7 g_L, V(0) ~ N(-65, 5) mV, g_e(0) ~ N(4, 1.5), g_i(0) ~ N(20, 12) g_L.
Both run single-threaded (Brian2's standalone default) with a spike monitor on the E neurons.
usage: brian2_models.py brunel|coba DIR T_MS
"""
import sys


def brunel(b2, np, t_ms):
    n_e, n_i, c_e, c_i = 10000, 2500, 1000, 250
    tau, theta, v_r, t_ref = 20 * b2.ms, 20 * b2.mV, 10 * b2.mV, 2 * b2.ms
    j, g, eta, d = 0.1 * b2.mV, 5.0, 2.0, 1.5 * b2.ms
    nu_thr = theta / (j * c_e * tau)
    neurons = b2.NeuronGroup(n_e + n_i, "dv/dt = -v/tau : volt (unless refractory)",
                             threshold="v > theta", reset="v = v_r", refractory=t_ref, method="exact",
                             namespace={"tau": tau, "theta": theta, "v_r": v_r})
    neurons.v = "rand() * theta"
    rng = np.random.default_rng(1)
    objects = [neurons]
    for first, count, c, w in ((0, n_e, c_e, j), (n_e, n_i, c_i, -g * j)):
        s = b2.Synapses(neurons, neurons, on_pre="v += w_syn", delay=d, namespace={"w_syn": w})
        s.connect(i=first + rng.integers(0, count, size=(n_e + n_i) * c), j=np.repeat(np.arange(n_e + n_i), c))
        objects.append(s)
    objects.append(b2.PoissonInput(neurons, "v", N=c_e, rate=eta * nu_thr, weight=j))
    objects.append(b2.SpikeMonitor(neurons[:n_e]))
    return objects


def coba(b2, np, t_ms):
    n_e, n_i = 3200, 800
    eqs = """dv/dt = (ge * (Ee - v) + gi * (Ei - v) - (v - El)) / taum : volt (unless refractory)
             dge/dt = -ge / taue : 1
             dgi/dt = -gi / taui : 1"""
    ns = {"taum": 20 * b2.ms, "taue": 5 * b2.ms, "taui": 10 * b2.ms, "El": -60 * b2.mV, "Ee": 0 * b2.mV,
          "Ei": -80 * b2.mV, "Vt": -50 * b2.mV, "Vr": -60 * b2.mV}
    p = b2.NeuronGroup(n_e + n_i, eqs, threshold="v > Vt", reset="v = Vr", refractory=5 * b2.ms,
                       method="euler", namespace=ns)
    p.v = "-65*mV + 5*mV * randn()"
    p.ge = "4 + 1.5 * randn()"
    p.gi = "20 + 12 * randn()"
    ce = b2.Synapses(p[:n_e], p, on_pre="ge += 0.6")
    ci = b2.Synapses(p[n_e:], p, on_pre="gi += 6.7")
    ce.connect(p=0.02)
    ci.connect(p=0.02)
    return [p, ce, ci, b2.SpikeMonitor(p[:n_e])]


def main():
    import numpy as np
    import brian2 as b2
    bench, directory, t_ms = sys.argv[1], sys.argv[2], float(sys.argv[3])
    b2.set_device("cpp_standalone", directory=directory, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0
    b2.defaultclock.dt = 0.1 * b2.ms
    b2.seed(1)
    net = b2.Network(*{"brunel": brunel, "coba": coba}[bench](b2, np, t_ms))
    net.run(t_ms * b2.ms)
    b2.device.build(directory=directory, compile=True, run=False, debug=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
