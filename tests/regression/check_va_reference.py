#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The CUBA and COBA networks of Brette et al. 2007 (docs/models.md 2.3) end to end: balnet runs
reference case A7 of tests/data/spiking_cases.md and the file is checked against the
reference values (tolerance 4 x the seed-to-seed SD, stated there), against numpy recomputed
from the /spikes report, and for self-sustained activity up to the end.

  A7-cuba, A7-coba  1 s of N = 4000, the whole second analysed
  ranks             CUBA and COBA at np 1 and np 3: /spikes and V traces bitwise identical,
                    statistics equal to rounding (reductions sum in another order)

usage: check_va_reference.py --balnet B --mpiexec M --np N --case A7-cuba|A7-coba|ranks --out DIR
"""
import os
import sys

import numpy as np

import check_lif_reference as lif  # the runner and the spike recomputation
from regtest import SRC, case_arguments, check, check_complete, check_same_spikes, check_scalars_equal, check_values, summary

REFERENCE = {
    "A7-cuba": {"analysis/populations/E/rate": (5.59, 1.21), "analysis/populations/I/rate": (5.61, 0.34), "analysis/populations/E/cv": (0.536, 0.032)},
    "A7-coba": {"analysis/populations/E/rate": (18.9, 6.2), "analysis/populations/I/rate": (18.9, 2.8), "analysis/populations/E/cv": (1.64, 0.13)},
}


def ini(case):
    return os.path.join(SRC, "inputs", "reference", case + ".ini")


def check_case(args, case):
    f = lif.run(args, ini(case), args.np, os.path.join(args.out, case + ".h5"))
    check_complete(case, f)
    neuron = f["network"].attrs["neuron"]
    check(f"{case} /network neuron", neuron in (case[3:], case[3:].encode()), str(neuron))
    check_values(case, REFERENCE[case], lambda path: float(f[path][()]))
    # Self-sustained: spikes in the last 50 ms of the second (no external input keeps it going).
    late = sum(int(np.sum(f[f"spikes/{p}/timestamps"][()] > 950.0)) for p in ("E", "I"))
    check(f"{case} activity in the last 50 ms", late > 0, f"{late} spikes after 950 ms")
    lif.check_against_spikes(case, f)


def check_ranks(args):
    extra = ["--lif.T=300", "--lif_analysis.n_pairs=500", "--lif_output.v_traces=20", "--lif_output.v_trace_dt=0.1"]
    for case in ("A7-cuba", "A7-coba"):
        a = lif.run(args, ini(case), 1, os.path.join(args.out, case + "-np1.h5"), extra)
        b = lif.run(args, ini(case), 3, os.path.join(args.out, case + "-np3.h5"), extra)
        check_same_spikes(f"{case} np1 vs np3", a, b, ("E", "I"), min_spikes=0)
        check_scalars_equal(f"{case} np1 vs np3", a, b, ("analysis/populations/E/rate", "analysis/populations/I/rate", "analysis/populations/E/cv",
                                                         "analysis/populations/E/fano_time", "analysis/chi", "analysis/rho_ei"))
        v = a["state/E/V"][()]
        check(f"{case} np1 vs np3 /state/E/V bitwise", v.tobytes() == b["state/E/V"][()].tobytes(), str(v.shape))


def main():
    args = case_arguments(cases=["A7-cuba", "A7-coba", "ranks"])
    if args.case == "ranks":
        check_ranks(args)
    else:
        check_case(args, args.case)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
