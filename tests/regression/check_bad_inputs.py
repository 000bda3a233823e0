#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Bad inputs: each one must end every rank with exit code 2 and ONE clear message naming the
key, the value and what is allowed, within the time limit (no hang), leaving no output file that
reads "complete".  usage: check_bad_inputs.py --balnet B --mpiexec M --np N --work DIR
"""
import argparse
import os
import subprocess
import sys

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
    base = GOOD.format(out=out)
    def cfg(extra_ini="", replace=None):
        text = base if replace is None else base.replace(*replace)
        return text + extra_ini
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
        # 2^40 synapses (~24 TiB): refused before anything is allocated, naming the estimate.
        ("does not fit in memory", cfg(), ["--network.N=1048576", "--network.K=1048576",
                                           "--network.connectivity=full"], ["memory", "MiB", "MemAvailable"]),
    ]


def run_cases(cases_of, prefix="bad"):
    """Runs every (name, ini text or None, extra args, needles) case of cases_of(work) and checks
    exit code 2, exactly one error line containing every needle, no output file, no hang."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--balnet", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--np", type=int, default=1)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    out, all_cases = cases_of(a.work)
    failed = 0
    for i, (name, text, extra, needles) in enumerate(all_cases):
        path = os.path.join(a.work, f"{prefix}{i}.ini") if text is not None else os.path.join(a.work, "does_not_exist.ini")
        if text is not None:
            with open(path, "w") as fh:
                fh.write(text)
        if os.path.exists(out):
            os.remove(out)
        cmd = [a.mpiexec, "-n", str(a.np), a.balnet, "run", path, *extra]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            print(f"FAIL {name}: hung (> 60 s)")
            failed += 1
            continue
        msg = p.stderr.strip()
        errors = [l for l in msg.splitlines() if l.startswith("balnet: error")]
        problems = []
        if p.returncode != 2:
            problems.append(f"exit code {p.returncode}, expected 2")
        if len(errors) != 1:
            problems.append(f"{len(errors)} error lines, expected exactly 1")
        problems += [f"message lacks '{n}'" for n in needles if n not in msg]
        if os.path.exists(out):
            problems.append("an output file was left")
        print(("FAIL " if problems else "PASS ") + f"{name} (np {a.np}): {msg.splitlines()[0] if msg else ''}"
              + ("" if not problems else "  <-- " + "; ".join(problems)))
        failed += bool(problems)
    print(f"{len(all_cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run_cases(cases))
