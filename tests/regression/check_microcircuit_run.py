#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""`balnet run` of the Potjans & Diesmann (2014) microcircuit (lif.network = microcircuit).

  scaled  inputs/examples/microcircuit.ini (neurons and in-degrees at 0.1, van Albada et al.'s DC
          compensation), T = 1.5 s: np 1 and np 3 give the same spikes, bit for bit; every
          population's rate, CV, time-bin Fano factor and population Fano factor (the synchrony
          measure) in /analysis equal numpy's from the /spikes report (1e-9); the network is
          asynchronous-irregular (CV in [0.5, 1] where 20 neurons have enough ISIs); the rates are within 30 % of the scaled table's
          own mean field (`balnet mft` on the same config; at this scale the simulation runs
          10-25 % below it, measured, the largest gap in L6E).
  full    the full-scale model (77 169 neurons, 3.0e8 synapses), T = 1.2 s after 0.2 s warm-up
          (label validation): the rates within 15 % of NEST's full-scale simulation
          (Potjans & Diesmann 2014, Fig. 6; the values of NEST's Potjans_2014 example,
          network_params.py, full_mean_rates) and every statistic = numpy from /spikes.

usage: check_microcircuit_run.py --balnet B --mpiexec M --np N --case scaled|full --out DIR
"""
import os
import subprocess
import sys


import check_lif_reference as lif
from regtest import SRC, case_arguments, check, check_complete, check_same_spikes, command, summary

EXAMPLE = os.path.join(SRC, "inputs", "examples", "microcircuit.ini")
POPS = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"]
NEST_RATES = [0.903, 2.965, 4.414, 5.876, 7.569, 8.633, 1.105, 7.829]  # Hz, full scale


def mft_rates(args, extra):
    """The 8 rates `balnet mft` prints for this config."""
    p = subprocess.run(command(args, ["mft", EXAMPLE, *extra], 1), capture_output=True, text=True, check=True)
    rates = {}
    for line in p.stdout.splitlines():
        words = line.split()
        if words and words[0] in POPS and len(words) >= 5:
            rates[words[0]] = float(words[4])
    return [rates[p] for p in POPS]


def check_rates(label, f, expected, tolerance):
    for pop, nu in zip(POPS, expected):
        r = float(f[f"analysis/populations/{pop}/rate"][()])
        check(f"{label} {pop} rate within {100 * tolerance:.0f} %", abs(r / nu - 1) <= tolerance,
              f"{r:.4g} Hz vs {nu:.4g} Hz ({100 * (r / nu - 1):+.1f} %)")


def check_irregular(label, f):
    """CV in [0.5, 1] where at least 20 neurons have lif_analysis.min_isis ISIs in the window (at scale
    0.1 in 1 s, L23E's 0.5 Hz neurons have none), in at least 6 of the 8 populations."""
    n_checked = 0
    for pop in POPS:
        cv = float(f[f"analysis/populations/{pop}/cv"][()])
        if int(f[f"analysis/populations/{pop}/n_cv"][()]) < 20:
            continue
        n_checked += 1
        check(f"{label} {pop} CV in [0.5, 1]", 0.5 <= cv <= 1.0, f"{cv:.4g}")
    check(f"{label} CV checked in at least 6 populations", n_checked >= 6, str(n_checked))


def case_scaled(args):
    extra = ["--lif.T=1500", "--lif.warmup=500"]
    a = lif.run(args, EXAMPLE, 1, os.path.join(args.out, "mc-np1.h5"), extra)
    b = lif.run(args, EXAMPLE, 3, os.path.join(args.out, "mc-np3.h5"), extra)
    check_complete("scaled np3", b)
    check_same_spikes("np1 vs np3", a, b, POPS)
    lif.check_against_spikes("scaled", b)
    check_irregular("scaled", b)
    check_rates("scaled vs its mean field", b, mft_rates(args, extra), 0.30)


def case_full(args):
    extra = ["--lif.scale=1", "--lif.k_scale=1", "--lif.T=1400", "--lif.warmup=200"]
    f = lif.run(args, EXAMPLE, args.np, os.path.join(args.out, "mc-full.h5"), extra)
    check_complete("full", f)
    lif.check_against_spikes("full", f)
    check_irregular("full", f)
    check_rates("full vs NEST", f, NEST_RATES, 0.15)


def main():
    args = case_arguments(cases=["scaled", "full"])
    {"scaled": case_scaled, "full": case_full}[args.case](args)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
