#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Bad inputs: each one must end every rank with exit code 2 and ONE clear message naming the
key, the value and what is allowed, within the time limit (no hang), leaving no output file that
reads "complete".  usage: check_bad_inputs.py --balnet B --mpiexec M --np N --work DIR
"""
import functools
import os
import sys

import regtest

GOOD = """[run]
T = 20
[network]
N = 100
K = 50
[record]
units = 20
ncorr = 2
[output]
file = {out}
"""


def cases(work):
    out = os.path.join(work, "bad.h5")
    cfg = functools.partial(regtest.ini_text, GOOD.format(out=out))
    # (name, ini text or None for a missing file, extra args, substrings the message must contain)
    return out, [
        ("unknown key", cfg("[network]\nKk = 5\n"), [], ["network.Kk", "network.K"]),
        ("not a number", cfg(replace=("N = 100", "N = abc")), [], ["network.N", "abc"]),
        ("out of range", cfg("[run]\ndt = 0\n"), [], ["run.dt", "0"]),
        ("K > N", cfg(replace=("K = 50", "K = 200")), [], ["network.K", "200"]),
        ("unknown distribution", cfg("[weights]\ndistribution = cauchy\n"), [], ["weights.distribution", "cauchy", "gamma"]),
        ("unknown response", cfg("[response]\nfunction = sigmoid\n"), [], ["response.function", "sigmoid", "rect_tanh"]),
        ("missing file", None, [], ["does_not_exist.ini"]),
        ("unwritable output", cfg(replace=(out, "/nonexistent_dir/x.h5")), [], ["output.file", "/nonexistent_dir/x.h5"]),
        ("key of another network type", cfg("[weights]\nJ_ee = 1\n"), [], ["weights.J_ee", "ei"]),
        ("negative T", cfg(replace=("T = 20", "T = -5")), [], ["run.T", "-5"]),
        ("bad boolean", cfg("[network]\nautapses = maybe\n"), [], ["network.autapses", "maybe"]),
        ("record.dt not a multiple", cfg("[record]\ndt = 0.03\n"), [], ["record.dt", "0.03"]),
        ("ncorr >= T", cfg(replace=("ncorr = 2", "ncorr = 30")), [], ["record.ncorr", "30"]),
        ("unknown override", cfg(), ["--network.NN=5"], ["network.NN"]),
        ("full needs K == N", cfg("[network]\nconnectivity = full\n"), [], ["network.K", "50", "full"]),
        ("bernoulli weight > 1", cfg(replace=("K = 50", "K = 2")) + "[weights]\ndistribution = bernoulli\n", [], ["bernoulli"]),
        ("override without value", cfg(), ["--network.N"], ["network.N"]),
        ("unknown section", cfg("[foo]\nbar = 1\n"), [], ["foo.bar"]),
        ("not INI", cfg("this is not ini\n"), [], ["this is not ini"]),
        ("output directory is a file", cfg(replace=(out, "/etc/passwd/x.h5")), [], ["output.file", "/etc/passwd/x.h5"]),
        ("negative power", cfg("[response]\nfunction = rect_power\npower = -1\n"), [], ["response.power", "-1"]),
        ("override out of range", cfg(), ["--network.rho_e=2"], ["network.rho_e"]),
        ("procedural coupling with TS", cfg(), ["--network.coupling=procedural", "--run.integrator=ts"],
         ["network.coupling", "procedural", "ts"]),
        ("sparse product with compact storage", cfg(), ["--network.product=sparse", "--network.coupling=compact"],
         ["network.product", "sparse", "double or float"]),
        ("unknown product", cfg(), ["--network.product=csc"], ["network.product", "csc", "auto"]),
        # 2^40 synapses (~24 TiB): refused before anything is allocated, naming the estimate.
        ("does not fit in memory", cfg(), ["--network.N=1048576", "--network.K=1048576",
                                           "--network.connectivity=full"], ["memory", "MiB", "MemAvailable"]),
    ]


if __name__ == "__main__":
    sys.exit(regtest.run_bad_inputs(cases))
