#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Bad SCN inputs (run.model = scn): each must end every rank with exit code 2 and ONE clear
message naming the key, the value and what is allowed, without a hang, leaving no output file.
usage: check_bad_scn_inputs.py --balnet B --mpiexec M --np N --work DIR
"""
import functools
import os
import sys

import regtest

GOOD = """[run]
model = scn
[scn]
N = 20
T = 100
warmup = 10
[output]
file = {out}
"""


def cases(work):
    out = os.path.join(work, "bad_scn.h5")
    cfg = functools.partial(regtest.ini_text, GOOD.format(out=out))
    bad_csv = os.path.join(work, "decoder_3x20.csv")
    with open(bad_csv, "w") as fh:
        fh.write("\n".join(",".join(["0.1"] * 20) for _ in range(3)) + "\n")
    # (name, ini text, extra args, substrings the message must contain)
    return out, [
        ("warmup >= T", cfg(replace=("warmup = 10", "warmup = 100")), [], ["scn.warmup", "100", "scn.T"]),
        ("negative leak", cfg("[scn]\nlambda = -0.05\n"), [], ["scn.lambda", "-0.05"]),
        ("zero trials", cfg(), ["--run.trials=0"], ["run.trials", "0"]),
        ("trial count bin off the grid", cfg(), ["--run.trials=2", "--trials.bin=0.05"], ["trials.bin", "0.05", "scn.dt"]),
        ("missing decoder file", cfg("[scn]\ndecoder = file\ndecoder_file = /nonexistent/d.h5\n"), [],
         ["scn.decoder_file", "/nonexistent/d.h5"]),
        ("decoder file of the wrong shape", cfg(f"[scn]\ndecoder = file\ndecoder_file = {bad_csv}\n"), [],
         ["scn.decoder_file", "[2, 20]", "[3, 20]"]),
        ("hold of the wrong dimension", cfg("[scn_signal]\ntarget = hold\nhold = 1, 2, 3\n"), [],
         ["scn_signal.hold", "1, 2, 3", "2 numbers"]),
        ("malformed pulse", cfg("[scn_signal]\npulses = 0 10 x 1\n"), [], ["scn_signal.pulses", "x"]),
        ("knock-out after T", cfg("[scn_knockout]\nkind = random\ntime = 90\n"), [], ["scn_knockout.time", "90"]),
        ("knock-out id out of range", cfg("[scn_knockout]\nkind = list\ntime = 30\nlist = 3, 20\n"), [],
         ["scn_knockout.list", "20"]),
        ("regular decoder needs J = 2", cfg("[scn]\ndim = 3\ndecoder = regular\n"), [], ["scn.dim", "3"]),
        ("signal sampling off the grid", cfg("[scn_output]\nsignal_dt = 0.25\n"), [], ["scn_output.signal_dt", "0.25"]),
        ("lif key in an scn run", cfg("[lif]\nn_e = 10\n"), [], ["lif.n_e"]),
        ("scn key in a rate run", cfg(replace=("model = scn", "model = rate")), [], ["scn."]),
        ("unknown scn key", cfg("[scn]\ngama = 0.1\n"), [], ["scn.gama", "scn.gamma"]),
        ("override out of range", cfg(), ["--scn.N=0"], ["scn.N", "0"]),
    ]


if __name__ == "__main__":
    sys.exit(regtest.run_bad_inputs(cases, prefix="bad_scn"))
