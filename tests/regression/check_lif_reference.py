#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""LIF networks end to end: runs balnet on a reference case of tests/data/spiking_cases.md
and checks the file against the reference values (tolerance 4 x the seed-to-seed SD, stated
there) and every stored spike statistic against numpy recomputed from the /spikes report.

  A2   feed-forward check (docs/models.md 2.2.7), T = 4.2 s, h = 0.1 ms; and h = 0.02 ms (shorter run)
  A4   reduced Brunel model A (CI-sized), T = 2.2 s
  A3   full-size Brunel model A, T = 1.2 s (label validation)
  ranks a small network at np 1 and np 4: /spikes bitwise identical, statistics identical, chi
       recomputed from the stored V traces

usage: check_lif_reference.py --balnet B --mpiexec M --np N --case A2|A2-fine|A4|A3|ranks --out DIR
"""
import os
import subprocess
import sys

import h5py
import numpy as np

# check and failures stay importable from here (lif.check) for scripts that reuse this one.
from regtest import (SRC, case_arguments, check, check_complete, check_same_spikes, check_scalars_equal,  # noqa: F401
                     check_values, command, failures, run_checked, same_bits, summary)
from regtest import config_value as cfg

INPUT = {"A2": "A2-feedforward.ini", "A4": "A4-reduced-brunel.ini", "A3": "A3-brunel-full.ini"}
# (expected, tolerance) from tests/data/spiking_cases.md; keys are paths in the run's file.
REFERENCE = {
    "A2": {"analysis/populations/E/rate": (36.50, 0.30), "analysis/populations/E/cv": (0.661, 0.008),
           "analysis/populations/E/fano_time": (0.486, 0.009), "analysis/populations/E/population_fano": (0.96, 0.05),
           "analysis/rho_ei": (0.00, 0.02)},
    "A4": {"analysis/populations/E/rate": (62.37, 1.12), "analysis/populations/E/cv": (0.360, 0.010),
           "analysis/populations/E/fano_time": (0.178, 0.010), "analysis/chi": (0.189, 0.022),
           "analysis/populations/E/population_fano": (24.3, 5.2)},
    "A3": {"analysis/populations/E/rate": (37.56, 0.80), "analysis/populations/I/rate": (37.70, 0.60),
           "analysis/populations/E/cv": (0.421, 0.010), "analysis/populations/E/fano_time": (0.255, 0.014),
           "analysis/chi": (0.221, 0.026), "analysis/populations/E/population_fano": (100, 24),
           "analysis/rho_ei": (0.72, 0.07)},
}
# nu_E relative to the Siegert rate: (Siegert rate, low, high).
SIEGERT = {"A4": (62.9936, -0.025, 0.005), "A3": (37.9497, -0.03, 0.01)}


def run(args, ini, np_, out, extra=()):
    run_checked(args, ["run", ini, "--output.file=" + out, *extra], np_)
    return h5py.File(out, "r")


def spike_steps(f, pop, dt):
    ids = f[f"spikes/{pop}/node_ids"][()].astype(np.int64)
    steps = np.rint(f[f"spikes/{pop}/timestamps"][()] / dt).astype(np.int64)
    return ids, steps


def recompute(f, pop, n):
    """Rate, CV, Fano, per-neuron rates, histogram and population Fano from the spikes alone."""
    dt = float(f.attrs["dt"])
    t0, t1 = (int(round(cfg(f, k) / dt)) for k in ("lif.warmup", "lif.T"))
    fb = int(round(cfg(f, "lif_analysis.fano_bin") / dt))
    rb = int(round(cfg(f, "lif_analysis.rate_bin") / dt))
    min_isis = int(cfg(f, "lif_analysis.min_isis"))
    ids, steps = spike_steps(f, pop, dt)
    keep = (steps >= t0) & (steps < t1)
    ids, steps = ids[keep], steps[keep]
    window_s = (t1 - t0) * dt * 1e-3
    counts = np.bincount(ids, minlength=n)
    out = {"rate": len(ids) / (n * window_s), "neuron_rates": counts / window_s}
    order = np.lexsort((steps, ids))
    ids_s, st_s = ids[order], steps[order]
    cvs = []
    for i in np.unique(ids_s):
        isi = np.diff(st_s[ids_s == i]).astype(float)
        if len(isi) >= min_isis:
            cvs.append(isi.std() / isi.mean())
    out["cv"] = np.mean(cvs)
    nb = (t1 - t0) // fb
    b = (steps - t0) // fb
    m = np.zeros((n, nb))
    np.add.at(m, (ids[b < nb], b[b < nb]), 1)
    mean = m.mean(axis=1)
    out["fano_time"] = np.mean(m.var(axis=1)[mean > 0] / mean[mean > 0])
    nh = (t1 - t0) // rb
    h = np.bincount((steps - t0) // rb, minlength=nh)[:nh].astype(float)
    out["rate_histogram"] = h / (n * rb * dt * 1e-3)
    out["population_fano"] = h.var() / h.mean()
    return out


def check_against_spikes(case, f):
    names = [x.decode() if isinstance(x, bytes) else x for x in f["network"].attrs["population_names"]]
    sizes = f["network"].attrs["population_sizes"]
    for pop, n in zip(names, sizes):
        r = recompute(f, pop, int(n))
        for key in ("rate", "cv", "fano_time", "population_fano"):
            v = float(f[f"analysis/populations/{pop}/{key}"][()])
            same = abs(v - r[key]) <= 1e-9 * abs(r[key]) or (np.isnan(v) and np.isnan(r[key]))  # cv: no neuron qualifies
            check(f"{case} {pop} {key} = numpy from /spikes", same, f"{v!r} vs {r[key]!r}")
        for key in ("neuron_rates", "rate_histogram"):
            d = np.max(np.abs(f[f"analysis/populations/{pop}/{key}"][()] - r[key]))
            check(f"{case} {pop} {key} = numpy from /spikes", d <= 1e-9, f"max |diff| = {d:.3g}")


def check_reference(case, f):
    check_values(case, REFERENCE[case], lambda path: float(f[path][()]))
    if case in SIEGERT:
        nu_s, lo, hi = SIEGERT[case]
        ms = float(f["meanfield/siegert/rate"][()])
        check(f"{case} /meanfield/siegert/rate", abs(ms - nu_s) <= 1e-6 * nu_s + 5e-5, f"{ms:.6f} vs {nu_s}")
        rel = float(f["analysis/populations/E/rate"][()]) / nu_s - 1
        check(f"{case} nu_E vs Siegert", lo <= rel <= hi, f"{100 * rel:+.2f} % in [{100 * lo}, {100 * hi}] %")


def check_mft(args, case):
    """`balnet mft` on the same config prints the model-A Siegert fixed point."""
    ini = os.path.join(SRC, "inputs", "reference", INPUT[case])
    p = subprocess.run(command(args, ["mft", ini], args.np), capture_output=True, text=True, check=True)
    rates = [float(line.split("nu = ")[1].split()[0]) for line in p.stdout.splitlines() if "nu = " in line]
    nu_s = SIEGERT[case][0]
    check(f"{case} balnet mft", len(rates) == 1 and abs(rates[0] - nu_s) <= 1e-6 * nu_s + 5e-5,
          f"fixed points {rates} vs {nu_s}")


def case_a2_fine(args):
    """A2 at h = 0.02 ms: the grid effect shrinks to nu within [-2.5 %, -0.5 %] of 37.9497 Hz."""
    out = os.path.join(args.out, "A2-h0.02.h5")
    f = run(args, os.path.join(SRC, "inputs", "reference", INPUT["A2"]), args.np, out,
            ["--lif.dt=0.02", "--lif.T=2200"])
    rel = float(f["analysis/populations/E/rate"][()]) / 37.9497 - 1
    check("A2 h = 0.02 ms nu vs 37.9497 Hz", -0.025 <= rel <= -0.005, f"{100 * rel:+.2f} % in [-2.5, -0.5] %")


def case_np(args):
    ini = os.path.join(SRC, "inputs", "examples", "brunel-AI-small.ini")
    extra = ["--lif.T=400", "--lif.n_e=1000", "--lif.n_i=250", "--lif.c_e=100", "--lif.c_i=25",
             "--lif.j=0.4", "--lif_analysis.n_record=100", "--lif_output.v_traces=100",
             "--lif_output.v_trace_dt=0.1", "--lif_analysis.n_pairs=500"]
    a = run(args, ini, 1, os.path.join(args.out, "np1.h5"), extra)
    b = run(args, ini, 4, os.path.join(args.out, "np4.h5"), extra)
    check_same_spikes("np1 vs np4", a, b, ("E", "I"))
    for pop in ("E", "I"):
        s = a[f"spikes/{pop}"].attrs["sorting"]
        check(f"/spikes/{pop} sorting by_time", int(s) == 2 and np.all(np.diff(a[f"spikes/{pop}/timestamps"][()]) >= 0),
              str(s))
    check_scalars_equal("np1 vs np4", a, b, ("analysis/populations/E/rate", "analysis/populations/E/cv", "analysis/populations/E/fano_time",
                                              "analysis/populations/E/pair_correlation", "analysis/chi", "analysis/rho_ei",
                                              "analysis/populations/E/population_fano"))
    v = a["state/E/V"][()]
    check("np1 vs np4 /state/E/V bitwise", v.tobytes() == b["state/E/V"][()].tobytes(), str(v.shape))
    chi = np.sqrt(v.mean(axis=1).var() / v.var(axis=0).mean())
    check("chi = numpy from the V traces", abs(chi - float(a["analysis/chi"][()])) <= 1e-9 * chi,
          f"{chi!r} vs {float(a['analysis/chi'][()])!r}")
    check_against_spikes("NP", b)


def main():
    args = case_arguments()
    if args.case == "ranks":
        case_np(args)
    elif args.case == "A2-fine":
        case_a2_fine(args)
    else:
        out = os.path.join(args.out, args.case + ".h5")
        f = run(args, os.path.join(SRC, "inputs", "reference", INPUT[args.case]), args.np, out)
        check_complete(args.case, f)
        check_reference(args.case, f)
        check_against_spikes(args.case, f)
        if args.case in SIEGERT:
            check_mft(args, args.case)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
