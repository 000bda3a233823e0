#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The rate network file (network.type = file, docs/models.md 1.2.4), end to end through the CLI:

  equivalence  inputs/networks/rate-inhibitory.ini and rate-ei.ini against the keys of
               inputs/examples/sparse-balance-N=K=500-T=200.ini and ei-fig6-lognormal.ini (short
               runs): every dataset outside /timing and /config bitwise equal, and every attribute
               of /network (checksum, n_synapses, per-projection in-degrees and weight moments),
               except /analysis/alpha, the paper's m sqrt(K) (J/g)^2, which a file network has no
               J and g for: NaN there, finite in the keyed run. The inhibitory pair also with
               procedural coupling (the rows redrawn in every product)
  bad          refusals, each exit 2 with one error line naming the key: delays, multapses,
               fixed_total_number, a Bernoulli p with p N_source not whole, a signed weight,
               weight_sd of constant weights, a LIF population key, a missing file, keyed network
               keys beside network.type = file, meanfield.enabled, balnet mft, a perturbed unit
               beyond the file's units

usage: check_rate_network_file.py --balnet B --mpiexec M --np N --case equivalence|bad --out DIR
"""
import os
import subprocess
import sys

import h5py
import numpy as np

from regtest import SRC, case_arguments, check, check_complete, command, one_error_line, run_checked, same_bits, summary

EXAMPLES = os.path.join(SRC, "inputs", "examples")
NETWORKS = os.path.join(SRC, "inputs", "networks")
SHORT = ["--run.T=30", "--record.ncorr=5"]


def contents(f):
    """{name: value} of every dataset outside /timing and /config, and every /network attribute."""
    out = {}

    def visit(name, obj):
        if name.split("/")[0] in ("timing", "config"):
            return
        if isinstance(obj, h5py.Dataset):
            out[name] = obj[()]
        if name.split("/")[0] == "network":
            out.update({f"{name}@{k}": v for k, v in obj.attrs.items()})

    f.visititems(visit)
    out.update({f"network@{k}": v for k, v in f["network"].attrs.items()})
    return out


def equal(x, y):
    x, y = np.asarray(x), np.asarray(y)
    if x.dtype.kind in "OSU":
        return x.shape == y.shape and bool(np.all(x == y))
    return same_bits(x, y)


def file_config(args, name, network, extra):
    """A rate config with the keyed example's run, record and output keys, the network from the file."""
    path = os.path.join(args.out, name + "-file.ini")
    with open(path, "w") as fh:
        fh.write(f"[run]\nmodel = rate\n{extra}\n[network]\ntype = file\nfile = {network}\n")
    return path


def compare(label, keys, fil):
    a, b = contents(keys), contents(fil)
    check(f"{label}: the same datasets and /network attributes", sorted(a) == sorted(b), f"{sorted(set(a) ^ set(b))}")
    bad = [k for k in a if k in b and k != "analysis/alpha" and not equal(a[k], b[k])]
    check(f"{label}: all bitwise equal but /analysis/alpha", not bad, ", ".join(bad))
    check(f"{label}: /network checksum present", "network@checksum" in a)
    check(f"{label}: alpha NaN for the file, finite for the keys",
          np.isnan(b["analysis/alpha"]) and np.isfinite(a["analysis/alpha"]), f"{b['analysis/alpha']} {a['analysis/alpha']}")


def case_equivalence(args):
    cases = [  # (name, keyed example, network file, [run] lines of the file run, extra overrides)
        ("inhibitory", "sparse-balance-N=K=500-T=200.ini", "rate-inhibitory.ini",
         "seed = 1\nwarmup = 10\ndt = 0.02\ninit_sd = 2\n[record]\nunits = 500\n[output]\ntrace_units = 50\ntrace_dt = 0.2", []),
        ("inhibitory-procedural", "sparse-balance-N=K=500-T=200.ini", "rate-inhibitory.ini",
         "seed = 1\nwarmup = 10\ndt = 0.02\ninit_sd = 2\n[record]\nunits = 500\n[output]\ntrace_units = 50\ntrace_dt = 0.2",
         ["--network.coupling=procedural"]),
        ("ei", "ei-fig6-lognormal.ini", "rate-ei.ini", "init_sd = 1", []),
    ]
    for name, example, network, extra, over in cases:
        out_k, out_f = os.path.join(args.out, name + "-keys.h5"), os.path.join(args.out, name + "-file.h5")
        run_checked(args, ["run", os.path.join(EXAMPLES, example), "--output.file=" + out_k, *SHORT, *over], args.np)
        ini = file_config(args, name, os.path.join(NETWORKS, network), extra)
        run_checked(args, ["run", ini, "--output.file=" + out_f, *SHORT, *over], args.np)
        with h5py.File(out_k, "r") as k, h5py.File(out_f, "r") as f:
            check_complete(name + " (file)", f)
            compare(name, k, f)


BASE = """[population.E]
size = 40
excitatory = true
input = 1
[population.I]
size = 20
excitatory = false
[projection.E.I]
rule = fixed_indegree
indegree = 10
weight_law = gamma
weight = 0.2
weight_sd = 0.1
[projection.I.E]
rule = all_to_all
weight = 0.1
"""


def case_bad(args):
    # (name, network text edit (old, new) or None, config overrides, needles of the one error line)
    cases = [
        ("a delay", ("rule = all_to_all", "rule = all_to_all\ndelay = 1"), [], ["delay", "without delay"]),
        ("multapses", ("indegree = 10", "indegree = 10\nmultapses = true"), [], ["multapses", "distinct"]),
        ("fixed_total_number", ("rule = all_to_all", "rule = fixed_total_number\nnumber = 5"), [], ["rule", "fixed_total_number"]),
        ("p N not whole", ("rule = all_to_all", "rule = bernoulli\nprobability = 0.33"), [], ["probability", "whole number"]),
        ("signed weight", ("weight = 0.1", "weight = -0.1"), [], ["weight", "-0.1", "sign"]),
        ("weight_sd of constant", ("weight = 0.1", "weight = 0.1\nweight_sd = 0.2"), [], ["weight_sd"]),
        ("LIF population key", ("input = 1", "input = 1\ntau_m = 10"), [], ["tau_m", "size, excitatory, input"]),
        ("in-degree too large", ("indegree = 10", "indegree = 41"), [], ["indegree", "41"]),
        ("missing file", None, ["--network.file=/nonexistent/net.ini"], ["network.file", "/nonexistent/net.ini"]),
        ("keyed key beside a file", None, ["--network.N=100"], ["network.N"]),
        ("mean field", None, ["--meanfield.enabled=true"], ["meanfield.enabled", "network.type = file"]),
        ("perturbed unit", None, ["--perturbation.kind=kick", "--perturbation.t0=1", "--perturbation.neuron=60"],
         ["perturbation.neuron", "60", "< 60"]),
    ]
    for i, (name, edit, over, needles) in enumerate(cases):
        text = BASE if edit is None else BASE.replace(edit[0], edit[1], 1)
        net = os.path.join(args.out, f"bad{i}.net.ini")
        with open(net, "w") as fh:
            fh.write(text)
        ini = file_config(args, f"bad{i}", net, "T = 5\n[record]\nncorr = 1")
        p = subprocess.run(command(args, ["run", ini, "--output.file=" + os.path.join(args.out, f"bad{i}.h5"), *over], args.np),
                           capture_output=True, text=True, timeout=120)
        ok, detail = one_error_line(p, needles)
        check(f"refused: {name}", ok, detail)
    ini = file_config(args, "mft", os.path.join(NETWORKS, "rate-inhibitory.ini"), "")
    p = subprocess.run(command(args, ["mft", ini], 1), capture_output=True, text=True, timeout=120)
    ok, detail = one_error_line(p, ["network.type", "file", "mean-field"])
    check("refused: balnet mft of a file network", ok, detail)


def main():
    args = case_arguments(cases=["equivalence", "bad"])
    {"equivalence": case_equivalence, "bad": case_bad}[args.case](args)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
