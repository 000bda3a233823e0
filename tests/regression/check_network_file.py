#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The network description file (lif.network = file, docs/models.md 2.6) and the network checksum,
end to end through the CLI:

  equivalence  the example network files inputs/networks/{brunel-AI-small, brunel-model-b, cuba,
               coba}.ini against the [lif] keys of the matching inputs/examples/ config: /spikes
               and /state bitwise equal, the same /network/checksum and n_synapses
  ranks        a three-population network using every rule and law the file offers (fixed
               in-degree, fixed total number with and without multapses, all-to-all, Bernoulli;
               constant, clipped normal, lognormal and gamma weights; constant, normal and uniform
               delays; Poisson drive and DC) run at np 1 and np 3: /spikes and the checksum
               bitwise equal; n_synapses = the exact count of the deterministic rules plus the
               Bernoulli count, which numpy recomputes from nothing but the file (bounds: 5 sd)
  neurons      cuba and coba neurons on Brunel's topology (lif.network = A with lif.neuron =
               cuba | coba, external Poisson drive into g_e): the run completes and fires, and
               the checksum equals that of the delta network on the same keys for cuba (same
               graph, same weights) and differs for coba (|weights|)

usage: check_network_file.py --balnet B --mpiexec M --np N --case equivalence|ranks|neurons --out DIR
"""
import os
import sys

import h5py
import numpy as np

from regtest import SRC, case_arguments, check, check_complete, run_checked, same_bits, summary

EXAMPLES = os.path.join(SRC, "inputs", "examples")
NETWORKS = os.path.join(SRC, "inputs", "networks")
FILE_RUN = os.path.join(EXAMPLES, "network-file.ini")


def run(args, ini, out, extra=(), np_=None):
    run_checked(args, ["run", ini, "--output.file=" + out, *extra], np_ or args.np)
    return h5py.File(out, "r")


def datasets(f, prefixes=("spikes", "state")):
    out = {}
    f.visititems(lambda n, o: out.__setitem__(n, o[()]) if isinstance(o, h5py.Dataset) and n.split("/")[0] in prefixes else None)
    return out


def compare(label, a, b):
    da, db = datasets(a), datasets(b)
    check(f"{label}: same datasets", sorted(da) == sorted(db), f"{sorted(da)} vs {sorted(db)}")
    check(f"{label}: spikes present", sum(v.size for k, v in da.items() if k.endswith("node_ids")) > 0)
    bad = [k for k in da if k in db and not same_bits(da[k], db[k])]
    check(f"{label}: /spikes and /state bitwise equal", not bad, ", ".join(bad))
    for attr in ("checksum", "n_synapses"):
        x, y = a["network"].attrs[attr], b["network"].attrs[attr]
        check(f"{label}: /network/{attr} equal", x == y, f"{x} vs {y}")


def case_equivalence(args):
    # (network file, keys config, overrides shared by both runs, overrides of the file run only)
    cases = [
        ("brunel-AI-small", [], []),
        ("brunel-model-b", ["--lif.T=400"], ["--lif.warmup=200", "--lif_output.current_traces=true"]),
        ("cuba", ["--lif.T=300"], ["--lif.warmup=0", "--lif_output.v_traces=10", "--lif_output.v_trace_dt=1",
                                   "--meanfield.enabled=false"]),
        ("coba", ["--lif.T=300"], ["--lif.warmup=0", "--lif_output.v_traces=10", "--lif_output.v_trace_dt=1",
                                   "--meanfield.enabled=false"]),
    ]
    for name, shared, file_only in cases:
        keys = run(args, os.path.join(EXAMPLES, name + ".ini"), os.path.join(args.out, name + "-keys.h5"), shared)
        net = os.path.join(NETWORKS, name + ".ini")
        f = run(args, FILE_RUN, os.path.join(args.out, name + "-file.h5"), ["--lif.network_file=" + net, *shared, *file_only])
        check_complete(name + " (file)", f)
        compare(name, keys, f)


THREE = """[population.E]
size = 400
excitatory = true
ext_rate = 12000
ext_weight = 0.1
[population.I]
size = 100
excitatory = false
tau_m = 10
ext_rate = 25000
ext_weight = 0.1
[population.X]
size = 50
excitatory = true
dc = 25
t_ref = 5
[projection.E.E]
rule = fixed_total_number
number = 12000
multapses = false
autapses = false
weight = 0.1
weight_law = normal
weight_sd = 0.05
delay_law = normal
delay = 1.5
delay_sd = 0.75
[projection.I.E]
rule = fixed_indegree
indegree = 25
weight = -0.5
weight_law = lognormal
weight_sd = 0.2
delay_law = uniform
delay = 0.8
delay_max = 2
[projection.E.I]
rule = bernoulli
probability = 0.05
weight = 0.1
delay = 1
[projection.X.E]
rule = all_to_all
weight = 0.05
delay = 2
[projection.X.I]
rule = fixed_total_number
number = 3000
weight = 0.1
weight_law = gamma
weight_sd = 0.03
delay = 1.2
[projection.I.I]
rule = fixed_indegree
indegree = 10
multapses = false
autapses = false
weight = -0.4
delay = 0.8
"""


def case_ranks(args):
    path = os.path.join(args.out, "three.ini")
    with open(path, "w") as fh:
        fh.write(THREE)
    extra = ["--lif.network_file=" + path, "--lif.T=300", "--lif.warmup=100", "--meanfield.enabled=false",
             "--lif_analysis.n_record=50", "--lif_output.v_traces=5"]
    one = run(args, FILE_RUN, os.path.join(args.out, "three-np1.h5"), extra, 1)
    three = run(args, FILE_RUN, os.path.join(args.out, "three-np3.h5"), extra, 3)
    check_complete("three populations np 3", three)
    compare("three populations np 1 vs np 3", one, three)
    names = [n.decode() if isinstance(n, bytes) else n for n in one["network"].attrs["population_names"]]
    check("three populations: E, I, X", names == ["E", "I", "X"], str(names))
    # Exact counts: 12000 + 400 * 25 + 50 * 400 + 3000 + 100 * 10; Bernoulli E -> I: 400 * 100 pairs, p = 0.05.
    exact = 12000 + 400 * 25 + 50 * 400 + 3000 + 100 * 10
    n = int(one["network"].attrs["n_synapses"])
    mean, sd = 400 * 100 * 0.05, np.sqrt(400 * 100 * 0.05 * 0.95)
    check("three populations: synapse count", abs(n - exact - mean) <= 5 * sd, f"{n} = {exact} + {n - exact} (Bernoulli {mean} +- {sd:.1f})")
    for p in names:
        ids = one[f"spikes/{p}/node_ids"][()]
        check(f"three populations: {p} fires", ids.size > 0, f"{ids.size} spikes")


def case_neurons(args):
    base = os.path.join(EXAMPLES, "brunel-AI-small.ini")
    common = ["--lif.T=200", "--lif.warmup=100", "--meanfield.enabled=false"]
    delta = run(args, base, os.path.join(args.out, "delta.h5"), common)
    for m in ("cuba", "coba"):
        extra = [f"--lif.neuron={m}", "--lif.network=A", *common]
        if m == "cuba":  # tau_s = tau_m: a PSP of the same area as delta's jump J, so the same mean drive
            extra += ["--lif.tau_e=20", "--lif.tau_i=20"]
        if m == "coba":  # potentials relative to rest: E_L = 0 < theta = 20 < E_e
            extra += ["--lif.E_e=60", "--lif.E_i=-10"]
        f = run(args, base, os.path.join(args.out, m + ".h5"), extra)
        check_complete(m + " on model A", f)
        check(f"{m} on model A: /network/neuron", f["network"].attrs["neuron"] in (m, m.encode()))
        rate = sum(f[f"spikes/{p}/node_ids"].size for p in ("E", "I")) / 2500 / 0.2
        check(f"{m} on model A: fires", rate > 0.5, f"{rate:.2f} Hz")
        same = f["network"].attrs["checksum"] == delta["network"].attrs["checksum"]
        check(f"{m} on model A: checksum {'equals' if m == 'cuba' else 'differs from'} delta's", same == (m == "cuba"))


def main():
    args = case_arguments(cases=["equivalence", "ranks", "neurons"])
    {"equivalence": case_equivalence, "ranks": case_ranks, "neurons": case_neurons}[args.case](args)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
