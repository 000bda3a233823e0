#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Procedural connectivity (network.coupling = procedural) through the CLI: nothing stored, every
row redrawn in each product. Against the stored double matrix of the same config at the same np
(run here): the same network checksum and in-degrees, and every dataset of the run's file (state
traces, observables, autocovariances) bit for bit equal; the state traces of the procedural runs
at np 1 and this np bit for bit equal (reductions over ranks may round differently, the
dynamics may not); the bytes of connectivity per synapse are ~0. Likewise compact storage
(6 B per synapse) against float storage, whose product it reproduces bit for bit; and the sparse
product (network.product = sparse: only the active units' synapses read and values exchanged)
against the dense one, with double and float weights, on networks of several column panels.
`balnet describe` of N = 10^7, K = 10^3: the procedural estimate fits in a few GiB per rank where the stored one needs > 100 GiB, and
`balnet run` of the stored N = 10^7 network is refused before allocating (exit 2, memory).
usage: check_procedural.py --balnet B --mpiexec M --np N --work DIR [--million]
"""
import math
import os
import re
import sys

import h5py
import numpy as np

from regtest import SRC, check, command, parser, sh, summary

CFG = """[run]
T = 4
warmup = 1
dt = 0.05
[network]
type = {type}
N = 1500
K = 150
connectivity = fixed_indegree
autapses = false
[weights]
distribution = {dist}
[record]
units = 200
dt = 0.1
ncorr = 1
[output]
file = {out}
trace_units = 20
trace_dt = 0.1
"""
SKIP = ("timing/", "network/bytes_per_synapse")  # wall times; storage is what differs


def datasets(path):
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: out.__setitem__(n, o[()]) if isinstance(o, h5py.Dataset) else None)
    return {k: v for k, v in out.items() if not k.startswith(SKIP)}


def variant_args(variant):
    """'double' -> the storage key; 'double+sparse' -> storage and product keys."""
    coupling, _, product = variant.partition("+")
    return ["--network.coupling=" + coupling] + (["--network.product=" + product] if product else [])


def run(a, name, np_, text, variant, extra=()):
    out = os.path.join(a.work, name + ".h5")
    ini = os.path.join(a.work, name + ".ini")
    with open(ini, "w") as f:
        f.write(text.format(out=out))
    p = sh(command(a, ["run", ini, *variant_args(variant), *extra], np_), timeout=600)
    check(f"{name}: exit 0", p.returncode == 0, str(p.returncode))
    return out, p.stdout


def compare(a, case, net_type, dist, ref_coupling, coupling, bytes_range, extra=()):
    """`coupling` against `ref_coupling` on the same config and np: same checksum, every dataset
    bitwise; its state traces at np 1 and a.np bitwise; bytes per synapse in bytes_range."""
    text = CFG.replace("{type}", net_type).replace("{dist}", dist)
    ref, ref_out = run(a, f"{case}-{ref_coupling}-np{a.np}", a.np, text, ref_coupling, extra)
    test, test_out = run(a, f"{case}-{coupling}-np{a.np}", a.np, text, coupling, extra)
    one, _ = run(a, f"{case}-{coupling}-np1", 1, text, coupling, extra)
    if not all(os.path.exists(p) for p in (ref, test, one)):
        return
    case = f"{case} {coupling} vs {ref_coupling}"
    sums = [re.search(r"checksum ([0-9a-f]+)", t) for t in (ref_out, test_out)]
    check(f"{case}: same network checksum", all(sums) and sums[0].group(1) == sums[1].group(1),
          " vs ".join(s.group(1) if s else "?" for s in sums))
    d_ref, d_test, d_one = datasets(ref), datasets(test), datasets(one)
    check(f"{case}: same datasets", sorted(d_ref) == sorted(d_test))
    differ = [k for k in d_ref if k in d_test and not np.array_equal(d_ref[k], d_test[k])]
    check(f"{case}: {len(d_ref)} datasets bitwise equal", not differ, ", ".join(differ[:5]))
    state = [k for k in d_one if k.startswith("state/")]
    differ = [k for k in state if not np.array_equal(d_one[k], d_test[k])]
    check(f"{case}: state traces at np 1 and np {a.np} bitwise equal", state and not differ,
          f"{len(state)} traces; differ: " + ", ".join(differ[:5]))
    check(f"{case}: observables present", "analysis/m" in d_ref and "analysis/R_eta" in d_ref,
          ", ".join(sorted(d_ref)[:8]))
    with h5py.File(test, "r") as f:
        b = float(f["network/bytes_per_synapse"][()])
    check(f"{case}: {bytes_range[0]} <= bytes per synapse <= {bytes_range[1]}",
          bytes_range[0] <= b <= bytes_range[1], f"{b:.3f}")


def estimate_mib(text):
    """Rank 0's peak memory estimate of `balnet describe`, MiB."""
    m = re.search(r"rank 0: .*peak memory estimate ([0-9.]+) MiB", text)
    return float(m.group(1)) if m else None


def big_network(a):
    big = ["--network.N=10000000", "--network.K=1000", "--output.trace_units=0"]
    ini = os.path.join(a.work, "inhibitory-gamma-procedural-np1.ini")  # written by compare()
    est = {}
    for c in ("procedural", "double"):
        p = sh(command(a, ["describe", ini, *big, "--network.coupling=" + c], 1), timeout=120)
        est[c] = estimate_mib(p.stdout)
    check("describe N=1e7 K=1e3: procedural fits in 4 GiB per rank, stored needs > 100 GiB",
          est["procedural"] is not None and est["double"] is not None and est["procedural"] < 4096
          and est["double"] > 100 * 1024, str(est))
    out = os.path.join(a.work, "refused.h5")
    p = sh(command(a, ["run", ini, *big, "--output.file=" + out], a.np), timeout=120)
    check("run of the stored N=1e7 network refused: exit 2 naming memory and procedural",
          p.returncode == 2 and "memory" in p.stderr and "procedural" in p.stderr, str(p.returncode))
    check("refused run left no output file", not os.path.exists(out))


def million(a):
    """Validation (not in CI, a few minutes): the example with N = 10^6, K = 10^3, 10^9 synapses,
    runs in little memory, and its network has the statistics docs/models.md §1.3 prescribes: every
    in-degree exactly K, and the weights' mean J0 K^-1/2 and SD g K^-nu/2 within 5 standard
    errors of 10^9 gamma draws (kurtosis excess 6/k of the gamma with shape k)."""
    ini = os.path.join(SRC, "inputs", "examples", "procedural-N=1e6-K=1e3.ini")
    out = os.path.join(a.work, "million.h5")
    p = sh(command(a, ["run", ini, "--output.file=" + out, "--profile"], a.np), timeout=3000)
    check("N=1e6 K=1e3 procedural run: exit 0", p.returncode == 0, str(p.returncode))
    if p.returncode != 0:
        return
    K, J0, g, nu, n = 1000, 2.0, 2.0, 0.5, 1e9
    mean, sd = J0 / math.sqrt(K), g * K ** (-nu / 2)
    shape = (mean / sd) ** 2
    with h5py.File(out, "r") as f:
        net = f["network"]
        proj = dict(net["projections/I_to_I"].attrs)
        m_hat = float(net["weight_abs_mean"][()])
        s_hat = float(net["weight_abs_std"][()])
        peak = float(f["timing/peak_memory_max"][()])  # MiB
        m_obs = float(f["analysis/m"][()])
    check("every in-degree exactly K", proj["indegree_min"] == K and proj["indegree_max"] == K, str(proj))
    check("weight mean within 5 SE", abs(m_hat - mean) < 5 * sd / math.sqrt(n), f"{m_hat:.6g} vs {mean:.6g}")
    se_sd = sd * math.sqrt((6 / shape + 2) / n) / 2
    check("weight SD within 5 SE", abs(s_hat - sd) < 5 * se_sd, f"{s_hat:.6g} vs {sd:.6g} (SE {se_sd:.2g})")
    check("peak memory per rank below 512 MiB", peak < 512, f"{peak:.0f} MiB")
    check("mean rate m in (0, 1)", 0 < m_obs < 1, f"{m_obs}")


def main():
    ap = parser(np_default=3)
    ap.add_argument("--million", action="store_true", help="the N = 10^6 validation run")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    if a.million:
        million(a)
        return summary()
    compare(a, "inhibitory-gamma", "inhibitory", "gamma", "double", "procedural", (0.0, 0.5))
    compare(a, "ei-lognormal", "ei", "lognormal", "double", "procedural", (0.0, 0.5))
    compare(a, "ei-gamma", "ei", "gamma", "float+sparse", "compact", (5.8, 7.0))
    # 5000 units with K = 100: three column panels of 2048 gids, 8 windows of 512 rows at np 1.
    panels = ["--network.N=5000", "--network.K=100"]
    compare(a, "inhibitory-sparse", "inhibitory", "gamma", "double+dense", "double+sparse", (9.9, 12.0), panels)
    compare(a, "ei-sparse-linear", "ei", "lognormal", "float+dense", "float+sparse", (5.9, 8.0),
            panels + ["--response.function=rect_linear"])
    big_network(a)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
