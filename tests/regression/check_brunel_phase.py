#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Brunel's phase diagram (docs/models.md §2.2.5) end to end: `balnet scan --local` of a (g, eta) scan
file, `balnet aggregate`, tools/python/brunel_phase.py's classification.

  points   inputs/scans/brunel-phase-points.ini (label regression): the four reference points
           A (3, 2), B (6, 4), C (5, 2), D (4.5, 0.9) are classified SR, SI-fast, AI, SI-slow as
           Brunel 2000 (Fig. 8) has them.
  diagram  inputs/scans/brunel-phase-diagram.ini, 18 points (label validation): the same for the
           reference points among them, and all four states appear.
In both, every task's population spectrum (/analysis/populations/<pop>/population_spectrum, spectrum_peak_hz,
spectrum_peak_ratio; docs/models.md §2.5.7) is recomputed here with numpy from the /spikes report and
must agree, and aggregate.csv must carry the same peak and ratio as the files.

usage: check_brunel_phase.py --balnet B --mpiexec M --np N --case points|diagram --work DIR
"""
import argparse
import csv
import math
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

SRC = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(SRC, "tools", "python"))
import brunel_phase  # noqa: E402

SCANS = {"points": "brunel-phase-points.ini", "diagram": "brunel-phase-diagram.ini"}
failures = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures.append(what)


def spectrum_from_spikes(f, pop):
    """docs/models.md §2.5.7 directly: counts in 0.5 ms bins of [t0, t1), 200 ms segments, mean
    removed, periodic Hann window, |rfft|^2 / sum w^2 averaged; peak and peak/median in [5, 500] Hz."""
    dt = float(f.attrs["dt"])
    t0, t1 = (float(x) for x in f["analysis"].attrs["window_ms"])
    steps = np.rint(f[f"spikes/{pop}/timestamps"][()] / dt).astype(np.int64)
    s0, s1, w = round(t0 / dt), round(t1 / dt), max(1, round(0.5 / dt))
    steps = steps[(steps >= s0) & (steps < s1)]
    n_bins = (s1 - s0) // w
    counts = np.bincount((steps - s0) // w, minlength=n_bins)[:n_bins].astype(float)
    m = round(200.0 / (w * dt))
    n_seg = n_bins // m
    win = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(m) / m)
    segs = counts[: n_seg * m].reshape(n_seg, m)
    segs = (segs - segs.mean(axis=1, keepdims=True)) * win
    power = (np.abs(np.fft.rfft(segs, axis=1)) ** 2).mean(axis=0) / (win ** 2).sum()
    freq = np.arange(m // 2 + 1) / (m * w * dt * 1e-3)
    band = (freq >= 5.0) & (freq <= 500.0)
    k = np.flatnonzero(band)[np.argmax(power[band])]
    return power, freq[k], power[k] / np.median(power[band])


def check_task_file(path):
    with h5py.File(path, "r") as f:
        for pop in ("E", "I"):
            g = f"analysis/populations/{pop}/"
            power, f_peak, ratio = spectrum_from_spikes(f, pop)
            stored = f[g + "population_spectrum"][()]
            check(stored.shape == power.shape and np.allclose(stored, power, rtol=1e-9, atol=1e-12 * power.max()),
                  f"{os.path.basename(path)} {pop}: population_spectrum equals numpy's from /spikes")
            check(float(f[g + "spectrum_peak_hz"][()]) == f_peak,
                  f"{os.path.basename(path)} {pop}: spectrum_peak_hz {float(f[g + 'spectrum_peak_hz'][()])} == {f_peak}")
            check(math.isclose(float(f[g + "spectrum_peak_ratio"][()]), ratio, rel_tol=1e-9),
                  f"{os.path.basename(path)} {pop}: spectrum_peak_ratio {float(f[g + 'spectrum_peak_ratio'][()]):.6g}"
                  f" == {ratio:.6g}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balnet", required=True)
    ap.add_argument("--mpiexec", default="mpiexec")
    ap.add_argument("--np", type=int, default=2, help="tasks run at a time (balnet scan --local N)")
    ap.add_argument("--case", choices=sorted(SCANS), default="points")
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    out = os.path.join(a.work, a.case)
    shutil.rmtree(out, ignore_errors=True)  # a stale directory would skip its complete tasks
    os.makedirs(a.work, exist_ok=True)
    cmd = [a.balnet, "scan", os.path.join(SRC, "inputs", "scans", SCANS[a.case]), "--out", out,
           "--local", str(a.np)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    sys.stdout.write(p.stdout[-4000:] + p.stderr[-4000:])
    check(p.returncode == 0, f"balnet scan ... --local {a.np} exits 0 (got {p.returncode})")
    tasks = sorted(os.path.join(out, "tasks", n) for n in os.listdir(os.path.join(out, "tasks")) if n.endswith(".h5"))
    for t in tasks:
        check_task_file(t)

    rows = brunel_phase.load([os.path.join(out, "aggregate.csv")])
    with open(os.path.join(out, "aggregate.csv"), newline="") as fh:
        agg = list(csv.DictReader(fh))
    for r in agg:
        with h5py.File(os.path.join(out, "tasks", f"{r['id']}.h5"), "r") as f:
            for col in ("analysis/populations/E/spectrum_peak_hz", "analysis/populations/E/spectrum_peak_ratio"):
                check(math.isclose(float(r[col]), float(f[col][()]), rel_tol=1e-15),
                      f"aggregate.csv row {r['id']}: {col} = the task file's")
    print(brunel_phase.table_text(rows))
    expected = {(g, eta): state for g, eta, state in brunel_phase.REFERENCE_POINTS.values()}
    found = {(r["g"], r["eta"]): r for r in rows}
    for (g, eta), state in expected.items():
        r = found.get((g, eta))
        check(r is not None and r["state"] == state,
              f"(g {g}, eta {eta}) is {state}: classified {r['state'] if r else 'missing'}"
              + (f" (rate {r['rate']:.3g} Hz, CV {r['cv']:.3g}, chi {r['chi']:.3g}, pop FF {r['pop_fano']:.3g}, "
                 f"peak {r['f_peak']:.3g} Hz x {r['ratio']:.3g})" if r else ""))
    if a.case == "diagram":
        states = {r["state"] for r in rows}
        check({"SR", "SI-fast", "SI-slow", "AI"} <= states, f"all four states appear (found {sorted(states)})")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print("skip  the PNG: matplotlib is not installed")
    else:
        png = os.path.join(out, "brunel-phase.png")
        brunel_phase.main([os.path.join(out, "aggregate.csv"), "--out", png, "--csv", os.path.join(out, "classes.csv")])
        check(os.path.getsize(png) > 10000, f"brunel_phase.py wrote {png}")
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
