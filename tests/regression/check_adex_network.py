#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""AdEx neurons (neuron = adex, docs/models.md 2.8) in the LIF engine, through a network file.

  single   one AdEx neuron per population, no synapses, a constant current I_e: four parameter
           sets of Naud, Marcille, Clopath & Gerstner (2008), Biol Cybern 99:335, Table 1 (tonic
           spiking, adaptation, initial burst, regular bursting), 1 s. Every spike stamp (k+1) h of
           /spikes must lie in the grid step of an independent scipy integration of the same
           equations (DOP853, rtol = atol = 1e-10, the V_peak crossing located by event root
           finding: tests/unit/adex_naud_scipy.py), and the counts must agree.
  network  inputs/examples/adex-network.ini (an E/I AdEx network with conductance synapses): np 1
           and np 3 give the same spikes and network checksum, bit for bit; both populations fire
           (rate > 1 Hz) irregularly (CV > 0.5).

usage: check_adex_network.py --balnet B --mpiexec M --np N --case single|network --out DIR
"""
import os
import sys

import h5py

from regtest import SRC, case_arguments, check, check_complete, check_same_spikes, run_checked, summary

sys.path.insert(0, os.path.join(SRC, "tests", "unit"))
import adex_naud_scipy as ref  # noqa: E402  (the scipy integrator of the unit test)

SETS = ["tonic spiking", "adaptation", "initial burst", "regular bursting"]


def single_network(path):
    """One population per parameter set, named p0, p1, ...; v(0) = E_L, w(0) = 0."""
    text = ""
    for k, name in enumerate(SETS):
        c, g_l, e_l, v_t, d_t, a, tau_w, b, v_r, i = ref.TABLE1[name]
        text += (f"[population.p{k}]\nsize = 1\nexcitatory = true\nneuron = adex\nC_m = {c}\ng_L = {g_l}\n"
                 f"E_L = {e_l}\nV_T = {v_t}\nDelta_T = {d_t}\na = {a}\ntau_w = {tau_w}\nb = {b}\nV_r = {v_r}\n"
                 f"V_peak = {ref.V_PEAK}\nI_e = {i}\nv_init_mean = {e_l}\n\n")
    with open(path, "w") as f:
        f.write(text)


def run(args, np_, out, extra):
    run_checked(args, ["run", *extra, "--output.file=" + out], np_)
    return h5py.File(out, "r")


def case_single(args):
    net = os.path.join(args.out, "naud.ini")
    single_network(net)
    ini = os.path.join(args.out, "naud-run.ini")
    with open(ini, "w") as f:
        f.write(f"[run]\nmodel = lif\n\n[lif]\nnetwork = file\nnetwork_file = {net}\ndt = {ref.H}\nT = {ref.T}\n"
                "warmup = 0\n\n[lif_analysis]\nn_record = 0\n\n[meanfield]\nenabled = false\n")
    f = run(args, 1, os.path.join(args.out, "naud.h5"), [ini])
    check_complete("single", f)
    for k, name in enumerate(SETS):
        stamps = f[f"spikes/p{k}/timestamps"][()]
        scipy = ref.scipy_spikes(*ref.TABLE1[name])
        steps = [round(s / ref.H) for s in stamps]
        bad = [j for j in range(min(len(steps), len(scipy)))
               if not (steps[j] * ref.H - ref.H - ref.TOL <= scipy[j] <= steps[j] * ref.H + ref.TOL)]
        check(f"{name}: {len(steps)} spikes = scipy's {len(scipy)}", len(steps) == len(scipy))
        check(f"{name}: every spike in scipy's grid step", not bad, f"outside: {bad[:5]}")


def case_network(args):
    ini = os.path.join(SRC, "inputs", "examples", "adex-network.ini")
    extra = [ini, "--lif.network_file=" + os.path.join(SRC, "inputs", "networks", "adex-ei.ini"), "--lif.T=600",
             "--lif.warmup=100"]
    a = run(args, 1, os.path.join(args.out, "adex-np1.h5"), extra)
    b = run(args, 3, os.path.join(args.out, "adex-np3.h5"), extra)
    check_complete("network np3", b)
    check_same_spikes("np1 vs np3", a, b, ("E", "I"))
    for pop in ("E", "I"):
        rate = float(b[f"analysis/populations/{pop}/rate"][()])
        cv = float(b[f"analysis/populations/{pop}/cv"][()])
        check(f"{pop} fires irregularly", rate > 1.0 and cv > 0.5, f"rate {rate:.3g} Hz, CV {cv:.3g}")
    ca, cb = a["network"].attrs["checksum"], b["network"].attrs["checksum"]
    check("np1 vs np3 /network checksum", ca == cb, f"{ca} vs {cb}")


def main():
    args = case_arguments(cases=["single", "network"])
    {"single": case_single, "network": case_network}[args.case](args)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
