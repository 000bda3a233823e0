#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Brunel's phase diagram of model A (docs/models.md §2.2.5): classifies every LIF run of a (g, eta)
scan as SR, SI-fast, SI-slow or AI by its signatures and plots the (g, eta) plane.

SOURCE is the aggregate.csv of `balnet aggregate`, a scan directory holding one, or a directory
of run files (e.g. a scan's tasks/, every complete *.h5 below it), or run files themselves.

usage: brunel_phase.py SOURCE [SOURCE ...] [--out brunel-phase.png] [--csv classes.csv]
  e.g. balnet scan inputs/scans/brunel-phase-diagram.ini --out runs/bp --local 2
       balnet aggregate runs/bp
       /usr/bin/python3 tools/python/brunel_phase.py runs/bp/aggregate.csv --out brunel-phase.png

Signatures (E population, docs/models.md §2.5): rate nu (5.1), CV of the ISIs (5.2), Golomb's chi over
the recorded neurons (5.5), population Fano factor in 1 ms bins (5.6), and the population spectrum
peak (5.7: frequency f_peak of the largest power in [5, 500] Hz, ratio R = peak / median power).

Rules (Brunel 2000 defines the states by two questions: is the global activity stationary or
oscillating, and do single neurons fire regularly or irregularly; each threshold below sits
between the values measured at the four reference points of §2.2.5, at full size (one seed) and
at the scan's N_E = 5000 (three seeds), with a margin of at least ~3 seed-to-seed SDs):
  quiescent   nu < 0.5 Hz                         (outside the four states; reported as Q)
  synchronous chi >= 0.4  or  R >= 60             global oscillation. Asynchronous-irregular
              points measure chi 0.22 (full size; 0.31-0.35 at N_E 5000) and R 14-42 (a broad
              hump near 120 Hz); every synchronous reference point has chi >= 0.45 and R >= 80.
              The table flags points where chi and R disagree (agree = no): they lie near a
              boundary of the diagram.
  regular     CV < 0.15                           SR neurons fire locked to the delay (measured
              CV 0.001-0.002); irregular states have CV 0.3-1.3
  SR          synchronous and regular
  SI-fast     synchronous, irregular, f_peak >= 80 Hz   (measured 170-185 Hz: a period of ~4 D)
  SI-slow     synchronous, irregular, f_peak <  80 Hz   (measured 15-30 Hz, low rates)
  AI          asynchronous and irregular (a regular asynchronous point would be "AR", not seen)
The population Fano factor is reported but decides nothing: at these sizes the AI state already
has FF ~ 100 (finite-size fluctuations with an echo at the delay, §2.2.5 note), and in the
synchronous states FF scales with the rate, so it orders the states but fixes no size-free line.
"""
import argparse
import csv
import math
import os
import sys

import numpy as np

CHI_SYNC = 0.4
RATIO_SYNC = 60.0
CV_REGULAR = 0.15
F_FAST_HZ = 80.0
RATE_QUIET_HZ = 0.5

# The reference points of docs/models.md §2.2.5 (Brunel 2000, Fig. 8): panel -> (g, eta, state).
REFERENCE_POINTS = {"A": (3.0, 2.0, "SR"), "B": (6.0, 4.0, "SI-fast"),
                    "C": (5.0, 2.0, "AI"), "D": (4.5, 0.9, "SI-slow")}

SIGNATURES = {  # column in aggregate.csv -> short name
    "analysis/populations/E/rate": "rate", "analysis/populations/E/cv": "cv", "analysis/chi": "chi",
    "analysis/populations/E/population_fano": "pop_fano", "analysis/populations/E/spectrum_peak_hz": "f_peak",
    "analysis/populations/E/spectrum_peak_ratio": "ratio"}

STYLE = {"SR": ("tab:red", "s"), "SI-fast": ("tab:orange", "^"), "SI-slow": ("tab:blue", "v"),
         "AI": ("tab:green", "o"), "AR": ("tab:olive", "D"), "Q": ("0.6", "x"), "?": ("k", "+")}


def _nan(v):
    return v is None or (isinstance(v, float) and math.isnan(v))


def classify(s):
    """(state, agree) from a dict with rate, cv, chi, ratio, f_peak (NaN where unmeasured)."""
    if _nan(s["rate"]):
        return "?", True
    if s["rate"] < RATE_QUIET_HZ:
        return "Q", True
    votes = [v for v in (None if _nan(s["chi"]) else s["chi"] >= CHI_SYNC,
                         None if _nan(s["ratio"]) else s["ratio"] >= RATIO_SYNC) if v is not None]
    if not votes:
        return "?", True
    synchronous, agree = any(votes), all(v == votes[0] for v in votes)
    regular = not _nan(s["cv"]) and s["cv"] < CV_REGULAR  # no CV: too few ISIs, not locked firing
    if not synchronous:
        return ("AR" if regular else "AI"), agree
    if regular:
        return "SR", agree
    if _nan(s["f_peak"]):
        return "?", agree
    return ("SI-fast" if s["f_peak"] >= F_FAST_HZ else "SI-slow"), agree


def rows_from_csv(path):
    with open(path, newline="") as fh:
        table = list(csv.DictReader(fh))
    for need in ("lif.g", "lif.eta"):
        if table and need not in table[0]:
            raise SystemExit(f"brunel_phase: {path} has no column {need}: scan lif.g and lif.eta")
    out = []
    for r in table:
        row = {"g": float(r["lif.g"]), "eta": float(r["lif.eta"]), "seed": r.get("run.seed", ""),
               "source": f"{path}#{r.get('id', '')}"}
        for col, name in SIGNATURES.items():
            v = r.get(col, "")
            row[name] = float(v) if v not in ("", None) else math.nan
        out.append(row)
    return out


def row_from_run(path):
    import h5py  # only needed for run files

    with h5py.File(path, "r") as f:
        cfg = {k: (v.decode() if isinstance(v, bytes) else str(v)) for k, v in f["config"].attrs.items()}
        row = {"g": float(cfg["lif.g"]), "eta": float(cfg["lif.eta"]), "seed": cfg.get("run.seed", ""),
               "source": path}
        for col, name in SIGNATURES.items():
            row[name] = float(f[col][()]) if col in f else math.nan
    return row


def load(sources):
    rows = []
    for src in sources:
        if os.path.isdir(src) and os.path.isfile(os.path.join(src, "aggregate.csv")):
            rows += rows_from_csv(os.path.join(src, "aggregate.csv"))
        elif os.path.isdir(src):
            sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
            from balnet_h5 import find_runs
            rows += [row_from_run(p) for p in find_runs(src)]
        elif src.endswith(".csv"):
            rows += rows_from_csv(src)
        else:
            rows.append(row_from_run(src))
    if not rows:
        raise SystemExit(f"brunel_phase: no runs in {', '.join(sources)}")
    for r in rows:
        r["state"], r["agree"] = classify(r)
        r["panel"] = next((p for p, (g, e, _) in REFERENCE_POINTS.items()
                           if abs(r["g"] - g) < 1e-9 and abs(r["eta"] - e) < 1e-9), "")
    return sorted(rows, key=lambda r: (r["g"], r["eta"], str(r["seed"])))


COLUMNS = ("g", "eta", "seed", "rate", "cv", "chi", "pop_fano", "f_peak", "ratio", "state", "agree", "panel")


def table_text(rows):
    def fmt(v):
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, float):
            return "nan" if math.isnan(v) else f"{v:.4g}"
        return str(v)
    lines = ["  ".join(f"{c:>8}" for c in COLUMNS)]
    lines += ["  ".join(f"{fmt(r[c]):>8}" for c in COLUMNS) for r in rows]
    return "\n".join(lines)


def write_csv(rows, path):
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow(["yes" if r[c] is True else "no" if r[c] is False else r[c] for c in COLUMNS])


def plot(rows, path):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from balnet_plots import plt, save

    fig, ax = plt.subplots(figsize=(8.0, 4.8))
    by_point = {}
    for r in rows:
        by_point.setdefault((r["g"], r["eta"]), []).append(r)
    seen = set()
    for (g, eta), rs in sorted(by_point.items()):
        states = [r["state"] for r in rs]
        state = max(set(states), key=states.count)  # majority over seeds
        colour, marker = STYLE.get(state, STYLE["?"])
        mixed = len(set(states)) > 1 or not all(r["agree"] for r in rs)
        ax.scatter([g], [eta], c=colour, marker=marker, s=110, label=None if state in seen else state,
                   edgecolors="k" if mixed else colour, linewidths=1.5 if mixed else 0.5)
        seen.add(state)
        f = np.nanmedian([r["f_peak"] for r in rs])
        ax.annotate(f"{f:.0f} Hz" if not math.isnan(f) else "", (g, eta), textcoords="offset points",
                    xytext=(0, -14), ha="center", fontsize=7)
    for panel, (g, eta, state) in REFERENCE_POINTS.items():
        ax.annotate(f"{panel}: {state}", (g, eta), textcoords="offset points", xytext=(8, 6),
                    fontsize=8, color="0.3")
    ax.axvline(4.0, color="0.8", lw=0.8, ls="--")  # g = 4: recurrent E and I cancel (gamma = 1/4)
    ax.axhline(1.0, color="0.8", lw=0.8, ls="--")  # eta = 1: external drive alone reaches threshold
    ax.set_xlabel("g (relative inhibition)")
    ax.set_ylabel(r"$\eta = \nu_{ext}/\nu_{thr}$")
    ax.set_title("Brunel model A: state of each point (label: population spectrum peak)", fontsize=9)
    ax.margins(0.08)
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.02, 0.5),
              title="black edge:\nchi and R disagree\nor seeds differ", title_fontsize=7)
    fig.subplots_adjust(right=0.76)
    save(fig, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sources", nargs="+")
    ap.add_argument("--out", help="PNG of the (g, eta) plane")
    ap.add_argument("--csv", help="write the classified table here")
    a = ap.parse_args(argv)
    rows = load(a.sources)
    print(table_text(rows))
    if a.csv:
        write_csv(rows, a.csv)
    if a.out:
        plot(rows, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
