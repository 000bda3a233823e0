#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""A network of two neuron models (docs/models.md 2.3.4): inputs/examples/mixed-ei.ini, AdEx
excitatory neurons with current synapses and fast-spiking cuba inhibitory ones
(inputs/networks/mixed-ei.ini). np 1 and np 3 give the same spikes, V traces and /network/checksum,
bit for bit; both populations fire; /network names each population's model and the E/I input of
the recorded (E, adex with current synapses) neurons is in pA/ms.

usage: check_mixed_network.py --balnet B --mpiexec M --np N --case ranks --out DIR
"""
import os
import sys

import h5py

from regtest import SRC, case_arguments, check, check_complete, check_same_spikes, run_checked, same_bits, summary, text


def run(args, np_, out):
    ini = os.path.join(SRC, "inputs", "examples", "mixed-ei.ini")
    net = os.path.join(SRC, "inputs", "networks", "mixed-ei.ini")
    run_checked(args, ["run", ini, "--lif.network_file=" + net, "--lif.T=600", "--lif_output.v_traces=10",
                       "--output.file=" + out], np_)
    return h5py.File(out, "r")


def case_ranks(args):
    a = run(args, 1, os.path.join(args.out, "mixed-np1.h5"))
    b = run(args, 3, os.path.join(args.out, "mixed-np3.h5"))
    check_complete("mixed np3", b)
    check_same_spikes("np1 vs np3", a, b, ("E", "I"), min_spikes=100)
    check("np1 vs np3 /state/E/V bitwise", same_bits(a["state/E/V"][()], b["state/E/V"][()]))
    ca, cb = a["network"].attrs["checksum"], b["network"].attrs["checksum"]
    check("np1 vs np3 /network checksum", ca == cb, f"{ca} vs {cb}")
    for pop in ("E", "I"):
        rate = float(b[f"analysis/populations/{pop}/rate"][()])
        check(f"{pop} fires", rate > 1.0, f"rate {rate:.3g} Hz")
    neuron = text(b["network"].attrs["neuron"])
    models = [text(m) for m in b["network"].attrs["population_neurons"]]
    check("/network neuron = mixed, population_neurons = adex, cuba", neuron == "mixed" and models == ["adex", "cuba"],
          f"{neuron}, {models}")
    units = text(b["analysis/mean_e_input"].attrs["units"])
    check("E/I input of the recorded adex (current) neurons in pA/ms", units == "pA/ms", units)


def main():
    args = case_arguments(cases=["ranks"])
    case_ranks(args)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
