#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The general two-population LIF network (lif.network = general, docs/models.md §2.2.4) and the E/I
input-current traces, end to end through the CLI:

  equivalence  lif.network = general with no key overridden (and with keys given at their
               default values) is model A: /spikes and /state/E/V bitwise equal; the general keys
               resolve to model A's values in /config; an override changes the spikes; `balnet mft`
               of the general network (two unknowns, relaxation + Newton) finds model A's rate (scan)
  model-b      inputs/examples/brunel-model-b.ini: the two-population Siegert fixed point in
               /meanfield/siegert/{E,I} and printed by `balnet mft` equals an independent Python
               solution (Simpson on the textbook integral, damped iteration) to 1e-6; nu_I / nu_E
               > 1.5 both in theory and simulation (model A's one shared unknown cannot express
               it); simulated nu_E, nu_I within [-4 %, +1 %] of Siegert (the accuracy of docs/models.md
               §2.2.6 at h = 0.1 ms: grid effect about -3.6 %; measured -0.9 .. -1.8 % for E,
               -0.8 .. -1.2 % for I over seeds 1-5); rates equal numpy's from /spikes
  currents     /state/E/i_e and i_i (lif_output.current_traces): shape and units; the
               independent check at 1-step sampling (v_trace_dt = dt): for every sample in which
               the neuron neither spiked nor was refractory (from /spikes and t_ref),
               V(t + h) = e^{-h/tau_E} V(t) + h (i_e + i_i) to 1e-10 mV; coarser sampling = the mean
               of the 1-step samples of its interval; the mean over all traces = /analysis/
               mean_e_input when every recorded neuron is traced; cuba and coba units and signs

usage: check_lif_general.py --balnet B --mpiexec M --np N --case equivalence|model-b|currents --out DIR
"""
import math
import os
import re
import subprocess
import sys

import h5py
import numpy as np

from regtest import (SRC, case_arguments, check, check_complete, check_same_spikes, command, run_checked,
                     same_bits, summary, text)
from regtest import config_value as cfg

EXAMPLE_A = os.path.join(SRC, "inputs", "examples", "brunel-AI-small.ini")
MODEL_B = os.path.join(SRC, "inputs", "examples", "brunel-model-b.ini")
# A small model A (N = 1250, 400 ms) with 1-step V traces of 10 recorded neurons.
SMALL = ["--lif.T=400", "--lif.n_e=1000", "--lif.n_i=250", "--lif.c_e=100", "--lif.c_i=25", "--lif.j=0.4", "--lif.g=5",
         "--lif.eta=1.7", "--lif_analysis.n_record=10", "--lif_output.v_traces=10", "--lif_output.v_trace_dt=0.1",
         "--lif_analysis.n_pairs=200", "--meanfield.enabled=false"]


def run(args, ini, out, extra=()):
    run_checked(args, ["run", ini, "--output.file=" + out, *extra], args.np)
    return h5py.File(out, "r")


def mft_rates(args, ini, extra=()):
    """`balnet mft`: {population: nu} of the general network's lines 'E: nu = ... Hz', or the
    model-A roots ('nu = ... Hz' lines) under the key 'A'."""
    p = subprocess.run(command(args, ["mft", ini, *extra], args.np), capture_output=True, text=True, check=True)
    pops = dict(re.findall(r"^\s+(\w+): nu = ([-0-9.eE+]+) Hz", p.stdout, re.M))
    if pops:
        return {k: float(v) for k, v in pops.items()}
    return {"A": [float(v) for v in re.findall(r"^\s+nu = ([-0-9.eE+]+) Hz", p.stdout, re.M)]}


# ---- independent two-population Siegert (docs/models.md §2.2.6), no scipy ---------------------------

def textbook(u):
    """e^{u^2} (1 + erf u), with 1 + erf u = erfc(-u) below 0."""
    return math.exp(u * u) * (1.0 + math.erf(u) if u >= 0 else math.erfc(-u))


def siegert(mu, sigma, tau, t_ref, theta, v_r, n=4000):
    a, b = (v_r - mu) / sigma, (theta - mu) / sigma
    h = (b - a) / n
    s = sum((1 if i in (0, n) else 4 if i % 2 else 2) * textbook(a + i * h) for i in range(n + 1)) * h / 3
    return 1000.0 / (t_ref + tau * math.sqrt(math.pi) * s)


def general_network(f):
    """(neurons, K, J, external) of a run file, from its /config attributes alone."""
    neurons = [tuple(cfg(f, f"lif.{k}_{a}") for k in ("tau_m", "t_ref", "theta", "v_reset")) for a in "ei"]
    k = [[cfg(f, f"lif.k_{a}{b}") for b in "ei"] for a in "ei"]
    j = [[cfg(f, f"lif.j_{a}{b}") for b in "ei"] for a in "ei"]
    ext = [(cfg(f, f"lif.k_ext_{a}") * cfg(f, f"lif.nu_ext_{a}"), cfg(f, f"lif.j_ext_{a}")) for a in "ei"]
    return neurons, k, j, ext


def moments(net, nu, a):
    neurons, k, j, ext = net
    tau = neurons[a][0]
    m = ext[a][0] * ext[a][1] + sum(k[a][b] * j[a][b] * nu[b] for b in (0, 1))
    s2 = ext[a][0] * ext[a][1] ** 2 + sum(k[a][b] * j[a][b] ** 2 * nu[b] for b in (0, 1))
    return tau * m * 1e-3, math.sqrt(tau * s2 * 1e-3)


def fixed_point(net):
    """Damped iteration nu <- nu + 0.1 (phi(nu) - nu) from 10 Hz until it moves < 1e-9 Hz."""
    nu = [10.0, 10.0]
    for _ in range(3000):
        phi = [siegert(*moments(net, nu, a), *net[0][a]) for a in (0, 1)]
        step = [0.1 * (phi[a] - nu[a]) for a in (0, 1)]
        nu = [nu[a] + step[a] for a in (0, 1)]
        if max(abs(s) for s in step) < 1e-10:
            return nu
    raise RuntimeError("the damped iteration did not settle")


# ---- cases -------------------------------------------------------------------------------------

def case_equivalence(args):
    a = run(args, EXAMPLE_A, os.path.join(args.out, "A.h5"), SMALL)
    g = run(args, EXAMPLE_A, os.path.join(args.out, "general.h5"), SMALL + ["--lif.network=general"])
    # The same network with a few general keys given at model A's values (lif.j = 0.4, g = 5).
    given = ["--lif.network=general", "--lif.k_ee=100", "--lif.j_ei=-2", "--lif.tau_m_i=20", "--lif.d_ie=1.5"]
    gg = run(args, EXAMPLE_A, os.path.join(args.out, "general-given.h5"), SMALL + given)
    for name, other in (("general", g), ("general, keys at their defaults", gg)):
        check_complete(name, other)
        check_same_spikes(f"A vs {name}:", a, other, ("E", "I"), min_spikes=1000)
        check(f"A vs {name}: /state/E/V bitwise", same_bits(a["state/E/V"][()], other["state/E/V"][()]))
        for attr in ("external_rate_hz", "population_sizes"):
            check(f"A vs {name}: /network {attr}", same_bits(a["network"].attrs[attr], other["network"].attrs[attr]))
    # The resolved general keys are model A's values (J_aI = -g J, nu_ext = eta theta / (J C_E tau)).
    j, g_, eta, ce, tau, theta = (cfg(a, k) for k in ("lif.j", "lif.g", "lif.eta", "lif.c_e", "lif.tau_m", "lif.theta"))
    expect = {"lif.j_ee": j, "lif.j_ii": -g_ * j, "lif.k_ie": ce, "lif.k_ei": cfg(a, "lif.c_i"), "lif.d_ei": cfg(a, "lif.delay"),
              "lif.tau_m_i": tau, "lif.t_ref_e": cfg(a, "lif.t_ref"), "lif.k_ext_i": ce, "lif.j_ext_e": j,
              "lif.nu_ext_e": eta * (1000.0 * theta / (j * ce * tau))}
    for k, v in expect.items():
        check(f"general /config {k} = model A's value", cfg(g, k) == v, f"{cfg(g, k)!r} vs {v!r}")
    check("model A's file has no general keys", "lif.j_ee" not in a["config"].attrs)
    d = run(args, EXAMPLE_A, os.path.join(args.out, "general-changed.h5"), SMALL + ["--lif.network=general", "--lif.j_ie=0.3"])
    check("an override (lif.j_ie = 0.3) changes the I spikes",
          not same_bits(a["spikes/I/timestamps"][()], d["spikes/I/timestamps"][()]))
    # The two solvers agree: model A by the one-unknown scan, general by relaxation + Newton.
    ra = mft_rates(args, EXAMPLE_A)["A"]
    rg = mft_rates(args, EXAMPLE_A, ["--lif.network=general"])
    check("balnet mft: general network (2 unknowns) = model A (scan)",
          len(ra) == 1 and all(abs(rg[p] - ra[0]) <= 1e-6 * ra[0] for p in ("E", "I")), f"{rg} vs {ra}")


def case_model_b(args):
    f = run(args, MODEL_B, os.path.join(args.out, "model-b.h5"))
    check_complete("model B", f)
    net = general_network(f)
    theory = fixed_point(net)
    printed = mft_rates(args, MODEL_B)
    sim = {}
    for a, pop in enumerate(("E", "I")):
        stored = float(f[f"meanfield/siegert/{pop}/rate"][()])
        check(f"/meanfield/siegert/{pop}/rate = independent Siegert", abs(stored - theory[a]) <= 1e-6 * theory[a],
              f"{stored:.8f} vs {theory[a]:.8f} Hz")
        check(f"balnet mft {pop} = independent Siegert", abs(printed.get(pop, -1) - theory[a]) <= 1e-6 * theory[a],
              f"{printed.get(pop)} vs {theory[a]:.8f} Hz")
        mu, sigma = moments(net, theory, a)
        check(f"/meanfield/siegert/{pop} mu, sigma = closed forms",
              abs(float(f[f"meanfield/siegert/{pop}/mu"][()]) - mu) <= 1e-6 and
              abs(float(f[f"meanfield/siegert/{pop}/sigma"][()]) - sigma) <= 1e-6, f"mu {mu:.6f}, sigma {sigma:.6f} mV")
        sim[pop] = float(f[f"analysis/populations/{pop}/rate"][()])
        n = int(f["network"].attrs["population_sizes"][a])
        dt = float(f.attrs["dt"])
        t0, t1 = (int(round(cfg(f, k) / dt)) for k in ("lif.warmup", "lif.T"))  # stamps in [t0, t1)
        steps = np.rint(f[f"spikes/{pop}/timestamps"][()] / dt)
        from_spikes = np.count_nonzero((steps >= t0) & (steps < t1)) / (n * (t1 - t0) * dt * 1e-3)
        check(f"model B {pop} rate = numpy from /spikes", abs(sim[pop] - from_spikes) <= 1e-9 * from_spikes,
              f"{sim[pop]!r} vs {from_spikes!r}")
        rel = sim[pop] / theory[a] - 1
        check(f"model B nu_{pop} vs two-population Siegert", -0.04 <= rel <= 0.01,
              f"{sim[pop]:.3f} vs {theory[a]:.3f} Hz: {100 * rel:+.2f} % in [-4, +1] %")
    check("nu_I / nu_E > 1.5 in theory and simulation (not one shared unknown)",
          theory[1] > 1.5 * theory[0] and sim["I"] > 1.5 * sim["E"],
          f"theory {theory[1] / theory[0]:.2f}, simulation {sim['I'] / sim['E']:.2f}")


def refractory_or_spiking(f, n_samples, t0_step, n_ref, dt):
    """[sample, traced neuron] True where, in the step of that 1-step sample, the neuron spiked or
    was refractory (a spike stamped (k' + 1) h: reset in step k', clamped in k' + 1 .. k' + n_ref)."""
    gids = f["state/E/node_ids"][()].astype(np.int64)
    ids = f["spikes/E/node_ids"][()].astype(np.int64)
    steps = np.rint(f["spikes/E/timestamps"][()] / dt).astype(np.int64) - 1
    mask = np.zeros((n_samples, len(gids)), dtype=bool)
    for col, gid in enumerate(gids):
        for k in steps[ids == gid]:
            lo, hi = max(k - t0_step, 0), min(k + n_ref - t0_step + 1, n_samples)
            if hi > lo:
                mask[lo:hi, col] = True
    return mask


def check_one_step_identity(name, f):
    """V(t + h) = P33 V(t) + h (i_e + i_i) wherever the neuron integrates (docs/models.md §2.2.3)."""
    dt = float(f.attrs["dt"])
    tau, t_ref = cfg(f, "lif.tau_m_e"), cfg(f, "lif.t_ref_e")
    v, ie, ii = (f[f"state/E/{k}"][()] for k in ("V", "i_e", "i_i"))
    t0_step = int(round(cfg(f, "lif.warmup") / dt))
    skip = refractory_or_spiking(f, v.shape[0], t0_step, int(round(t_ref / dt)), dt)
    predicted = math.exp(-dt / tau) * v[:-1] + dt * (ie[1:] + ii[1:])
    use = ~skip[1:]
    err = np.abs(v[1:] - predicted)[use]
    check(f"{name}: V(t+h) = exp(-h/tau_E) V(t) + h (i_e + i_i) where integrating", err.size > 5000 and err.max() <= 1e-10,
          f"{err.size} samples, max |diff| {err.max():.3g} mV")
    # Without i_i the identity fails by about the inhibitory jumps: the check can tell.
    miss = np.abs(v[1:] - (predicted - dt * ii[1:]))[use & (ii[1:] != 0)]
    check(f"{name}: ... and not without i_i", miss.size > 100 and miss.min() > 1e-3, f"min |diff| {miss.min():.3g} mV")


def case_currents(args):
    # The general network with E and I neurons unlike model A's (tau_E = 15 ms, t_ref_E = 3 ms).
    extra = SMALL + ["--lif.network=general", "--lif.tau_m_e=15", "--lif.t_ref_e=3", "--lif.j_ie=0.5",
                     "--lif_output.current_traces=true"]
    f = run(args, EXAMPLE_A, os.path.join(args.out, "currents-1step.h5"), extra)
    check_complete("current traces", f)
    v, ie, ii = (f[f"state/E/{k}"] for k in ("V", "i_e", "i_i"))
    check("/state/E/i_e, i_i shape = /state/E/V", ie.shape == v.shape == ii.shape and v.shape == (2000, 10), f"{v.shape}")
    for ds in (ie, ii):
        check(f"{ds.name} units mV/ms", text(ds.attrs["units"]) == "mV/ms", text(ds.attrs["units"]))
    check("i_e >= 0, i_i <= 0, both non-trivial", ie[()].min() >= 0 and ii[()].max() <= 0 and ie[()].max() > 0
          and ii[()].min() < 0)
    check_one_step_identity("general network", f)
    mean_e = float(f["analysis/mean_e_input"][()])
    check("mean of i_e over all traced (= recorded) neurons = /analysis/mean_e_input",
          abs(ie[()].mean() - mean_e) <= 1e-9 * mean_e, f"{ie[()].mean()!r} vs {mean_e!r}")
    check("/analysis/mean_e_input units mV/ms", text(f["analysis/mean_e_input"].attrs["units"]) == "mV/ms")
    # Every 0.5 ms: each sample is the mean of the five 1-step samples of its interval.
    coarse_extra = [x for x in extra if not x.startswith("--lif_output.v_trace_dt=")] + ["--lif_output.v_trace_dt=0.5"]
    c = run(args, EXAMPLE_A, os.path.join(args.out, "currents-5step.h5"), coarse_extra)
    for k in ("i_e", "i_i"):
        fine = f[f"state/E/{k}"][()]
        coarse = c[f"state/E/{k}"][()]
        ref = fine.reshape(-1, 5, fine.shape[1]).mean(axis=1)
        check(f"{k} at 0.5 ms = mean of the 1-step samples", coarse.shape == ref.shape and
              np.allclose(coarse, ref, rtol=1e-12, atol=1e-12), f"{coarse.shape}")
    check("V at 0.5 ms = every fifth 1-step sample", same_bits(c["state/E/V"][()], f["state/E/V"][()][4::5]))
    # cuba and coba: the probe sums increments of g_e, g_i; coba's are conductances (g_L).
    exp_ini = os.path.join(args.out, "exp.ini")
    with open(exp_ini, "w") as fh:
        fh.write("[run]\nmodel = lif\n[lif]\nn_e = 800\nn_i = 200\np = 0.05\nT = 200\n"
                 "[lif_analysis]\nn_record = 5\n[lif_output]\nv_traces = 5\ncurrent_traces = true\n")
    for neuron, units, sign in (("cuba", "mV/ms", -1), ("coba", "g_L/ms", 1)):
        e = run(args, exp_ini, os.path.join(args.out, neuron + ".h5"), ["--lif.neuron=" + neuron])
        i_i = e["state/E/i_i"][()]
        check(f"{neuron}: units {units} (traces and /analysis/mean_*_input)",
              all(text(e[p].attrs["units"]) == units for p in ("state/E/i_e", "state/E/i_i", "analysis/mean_e_input",
                                                               "analysis/mean_i_input")))
        check(f"{neuron}: i_i {'>= 0 (conductance)' if sign > 0 else '<= 0 (current)'}",
              np.all(sign * i_i >= 0) and np.any(i_i != 0))
        check(f"{neuron}: mean |i_i| of the traces ~ /analysis/mean_i_input (5 of 5 recorded)",
              abs(np.abs(i_i).mean() - float(e["analysis/mean_i_input"][()])) <= 1e-9 * float(e["analysis/mean_i_input"][()]))


def main():
    args = case_arguments(cases=["equivalence", "model-b", "currents"])
    {"equivalence": case_equivalence, "model-b": case_model_b, "currents": case_currents}[args.case](args)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
