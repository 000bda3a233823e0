#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The CUBA and COBA networks of Brette et al. 2007 (MODELS.md 2.3) end to end: balnet runs
reference case A7 of ../shared/reference/spiking_cases.md and the file is checked against the
reference values (tolerance 4 x the seed-to-seed SD, stated there), against numpy recomputed
from the /spikes report, and for self-sustained activity up to the end.

  A7-cuba, A7-coba  1 s of N = 4000, the whole second analysed
  ranks             CUBA and COBA at np 1 and np 3: /spikes and V traces bitwise identical,
                    statistics equal to rounding (reductions sum in another order)

usage: check_va_reference.py --balnet B --mpiexec M --np N --case A7-cuba|A7-coba|ranks --out DIR
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_lif_reference as lif  # noqa: E402  (runner, spike recomputation, PASS/FAIL log)

REFERENCE = {
    "A7-cuba": {"analysis/E/rate": (5.59, 1.21), "analysis/I/rate": (5.61, 0.34), "analysis/E/cv": (0.536, 0.032)},
    "A7-coba": {"analysis/E/rate": (18.9, 6.2), "analysis/I/rate": (18.9, 2.8), "analysis/E/cv": (1.64, 0.13)},
}


def ini(case):
    return os.path.join(lif.SRC, "inputs", "reference", case + ".ini")


def check_case(args, case):
    f = lif.run(args, ini(case), args.np, os.path.join(args.out, case + ".h5"))
    lif.check(f"{case} status", f.attrs["status"] in ("complete", b"complete"), str(f.attrs["status"]))
    neuron = f["network"].attrs["neuron"]
    lif.check(f"{case} /network neuron", neuron in (case[3:], case[3:].encode()), str(neuron))
    for path, (exp, tol) in REFERENCE[case].items():
        v = float(f[path][()])
        lif.check(f"{case} {path}", abs(v - exp) <= tol, f"{v:.5g} vs {exp} +- {tol}")
    # Self-sustained: spikes in the last 50 ms of the second (no external input keeps it going).
    late = sum(int(np.sum(f[f"spikes/{p}/timestamps"][()] > 950.0)) for p in ("E", "I"))
    lif.check(f"{case} activity in the last 50 ms", late > 0, f"{late} spikes after 950 ms")
    lif.check_against_spikes(case, f)


def check_ranks(args):
    extra = ["--lif.T=300", "--lif_analysis.n_pairs=500", "--lif_output.v_traces=20", "--lif_output.v_trace_dt=0.1"]
    for case in ("A7-cuba", "A7-coba"):
        a = lif.run(args, ini(case), 1, os.path.join(args.out, case + "-np1.h5"), extra)
        b = lif.run(args, ini(case), 3, os.path.join(args.out, case + "-np3.h5"), extra)
        for pop in ("E", "I"):
            for ds in ("node_ids", "timestamps"):
                x, y = a[f"spikes/{pop}/{ds}"][()], b[f"spikes/{pop}/{ds}"][()]
                same = x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()
                lif.check(f"{case} np1 vs np3 /spikes/{pop}/{ds} bitwise", same and len(x) > 0, f"{x.shape} vs {y.shape}")
        for path in ("analysis/E/rate", "analysis/I/rate", "analysis/E/cv", "analysis/E/fano", "analysis/chi", "analysis/rho_ei"):
            x, y = float(a[path][()]), float(b[path][()])
            # Reductions over ranks sum in another order: equal to rounding, not bitwise.
            lif.check(f"{case} np1 vs np3 {path}", abs(x - y) <= 1e-12 * abs(x), f"{x!r} vs {y!r}")
        v = a["state/E/V"][()]
        lif.check(f"{case} np1 vs np3 /state/E/V bitwise", v.tobytes() == b["state/E/V"][()].tobytes(), str(v.shape))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--balnet", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--np", type=int, default=2)
    ap.add_argument("--case", required=True, choices=["A7-cuba", "A7-coba", "ranks"])
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    if args.case == "ranks":
        check_ranks(args)
    else:
        check_case(args, args.case)
    print(f"{len(lif.failures)} failed" if lif.failures else "all checks passed")
    return 1 if lif.failures else 0


if __name__ == "__main__":
    sys.exit(main())
