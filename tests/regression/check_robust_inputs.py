#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Inputs that crashed, hung or stalled balnet (issue 13, items 4 to 6), each now refused with
exit 2 and ONE error line naming the key, short (a huge value is never echoed whole), in seconds:
4. sizes: lif.c_e = 2^32-1 (a Siegert solve of minutes, deaf to SIGTERM), lif.dt = 1e-300 (step
   counts overflowed), run.T = 1e9 for a rate network (std::bad_alloc after the memory check),
   record.ncorr below record.dt (caught at run time as an internal 'max_lag'); and the largest
   accepted in-degrees solve their Siegert fixed point within the time limit;
5. scans: 50 000-character name, time, memory and partition values (std::regex overflowed the
   stack); balnet aggregate of 4 000 unfinished tasks and of 4 000 rows with a text parameter
   (an HDF5 attribute outgrew its object header), and of a task file nesting groups 2 000 deep;
6. config files: a directory, a FIFO, a 10 MB file with one unknown key, a 100 000-character
   unknown key on the command line.
usage: check_robust_inputs.py --balnet B --mpiexec M --np N --work DIR
"""
import os
import subprocess
import sys
import time

import regtest
from regtest import check

RATE = "[run]\nT = 20\n[network]\nN = 100\nK = 50\n[record]\nunits = 20\nncorr = 2\n[output]\nfile = {out}\n"
LIF = os.path.join(regtest.SRC, "inputs", "examples", "brunel-AI-small.ini")
MODEL_B = os.path.join(regtest.SRC, "inputs", "examples", "brunel-model-b.ini")
CUBA = os.path.join(regtest.SRC, "inputs", "examples", "cuba.ini")
HUGE = "a" * 50000


def run(a, args, timeout):
    cmd = regtest.command(a, args, 1)
    print("+", " ".join(c if len(c) < 200 else c[:60] + f"...({len(c)} chars)" for c in cmd), flush=True)
    t0 = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, time.time() - t0
    return p, time.time() - t0


def refused(a, name, args, needles, timeout=30, no_file=None):
    """exit 2, one 'balnet: error' line of at most 1000 characters with every needle, in time."""
    p, took = run(a, args, timeout)
    if p is None:
        check(name, False, f"hung (> {timeout} s)")
        return
    lines = [line for line in p.stderr.splitlines() if line.startswith("balnet: error")]
    text = lines[0] if lines else p.stderr.strip()[-300:]
    missing = [n for n in needles if n not in text]
    left = no_file is not None and os.path.exists(no_file)
    check(name, p.returncode == 2 and len(lines) == 1 and len(text) <= 1000 and not missing and not left,
          f"rc {p.returncode}, {len(lines)} error lines, {len(text)} chars, lacks {missing}, "
          f"output left {left}, {took:.1f} s: {text[:300]}")


def sizes(a, work):
    out = os.path.join(work, "sizes.h5")
    regtest.remove(out)
    refused(a, "lif.c_e = 2^32-1: refused at once, naming the key",
            ["run", LIF, "--output.file=" + out, "--lif.c_e=4294967295"], ["lif.c_e", "4294967295", "2^40"], no_file=out)
    refused(a, "lif.k_ee = 2^32-1 (general network)",
            ["run", MODEL_B, "--output.file=" + out, "--lif.k_ee=4294967295"], ["lif.k_ee", "2^40"], no_file=out)
    refused(a, "cuba with lif.n_e = 2^32-1", ["run", CUBA, "--output.file=" + out, "--lif.n_e=4294967295"],
            ["lif.n_e", "2^40"], no_file=out)
    refused(a, "lif.dt = 1e-300", ["run", LIF, "--output.file=" + out, "--lif.dt=1e-300"],
            ["lif.dt", "1e-300", "4e9 steps"], no_file=out)
    refused(a, "lif.dt below lif.delay / 2^20", ["run", LIF, "--output.file=" + out, "--lif.dt=1e-6"],
            ["lif.dt", "lif.delay", "2^20"], no_file=out)
    ini = os.path.join(work, "rate.ini")
    with open(ini, "w") as fh:
        fh.write(RATE.format(out=out))
    # 5e10 trace samples: 400 GB of trace times on every rank, refused on any node.
    refused(a, "run.T = 1e9 (rate): refused by the memory check, naming run.T",
            ["run", ini, "--run.T=1000000000", "--output.trace_dt=0.02"],
            ["memory", "run.T"], no_file=out)
    refused(a, "record.ncorr below record.dt", ["run", ini, "--record.ncorr=0.01"],
            ["record.ncorr", "0.01", "record.dt"], no_file=out)
    # The largest in-degree the 2^40 rule lets through: the Siegert solve behind describe's memory
    # estimate finishes (it took minutes before the erfcx integral got its closed form).
    for extra in (["--lif.c_e=80000000"], ["--lif.c_e=10000000"]):
        p, took = run(a, ["describe", LIF, *extra], 120)
        check(f"describe {extra[0]} solves its Siegert rate in time",
              p is not None and p.returncode == 0 and "Siegert" in p.stdout and took < 60, f"{took:.1f} s")


def scan_values(a, work):
    base = os.path.join(work, "rate.ini")
    out = os.path.join(work, "scan-huge")
    for section, key in (("scan", "name"), ("resources", "time"), ("resources", "memory"),
                         ("resources", "partition"), ("resources", "account")):
        scan = os.path.join(work, f"huge-{key}.ini")
        with open(scan, "w") as fh:
            fh.write(f"[scan]\nbase = {base}\n[vary]\nnetwork.K = 20, 40\n")
            fh.write(f"[{section}]\n{key} = {HUGE}\n")
        refused(a, f"a scan with a 50 000-character {section}.{key}", ["scan", scan, "--out", out],
                [f"{section}.{key}", "50000 characters"])
    for value, ok in (("2-03:04:05", True), ("90", True), ("1:2:3:4", False), ("1:234", False), ("-5", False)):
        scan = os.path.join(work, "time.ini")
        with open(scan, "w") as fh:
            fh.write(f"[scan]\nbase = {base}\n[vary]\nnetwork.K = 20, 40\n[resources]\ntime = {value}\n")
        p, _ = run(a, ["scan", scan, "--out", os.path.join(work, "scan-time-" + value.replace(":", "_"))], 30)
        check(f"[resources] time = {value} {'accepted' if ok else 'refused'}",
              p is not None and p.returncode == (0 if ok else 2), p.stderr[-200:] if p else "hung")


def aggregate(a, work):
    import h5py
    base = os.path.join(work, "rate.ini")
    scan = os.path.join(work, "big.scan.ini")
    out = os.path.join(os.path.abspath(work), "big-scan")
    with open(scan, "w") as fh:
        fh.write(f"[scan]\nbase = {base}\nrepetitions = 2000\n[vary]\nresponse.function = rect_tanh, rect_linear\n")
    p, _ = run(a, ["scan", scan, "--out", out], 120)
    check("a scan of 4 000 tasks is written", p is not None and p.returncode == 0)
    for name in os.listdir(os.path.join(out, "tasks")):
        if name.endswith(".h5"):
            os.remove(os.path.join(out, "tasks", name))
    p, took = run(a, ["aggregate", out], 300)
    ok = p is not None and p.returncode == 3
    with h5py.File(os.path.join(out, "aggregate.h5"), "r") as f:
        ok = ok and f.attrs["status"] in ("complete", b"complete") and len(f["failed/state"]) == 4000
    check("aggregate of 4 000 unfinished tasks (exit 3, /failed/state lists them)", ok, f"{took:.1f} s")
    for i in range(4000):  # every task complete, as far as aggregate can tell
        with h5py.File(os.path.join(out, "tasks", f"{i}.h5"), "w") as f:
            f.attrs["status"] = "complete"
            f["analysis/m"] = float(i)
    with h5py.File(os.path.join(out, "tasks", "7.h5"), "w") as f:  # a hostile one
        f.attrs["status"] = "complete"
        g = f.require_group("analysis")
        for _ in range(2000):
            g = g.create_group("g")
    p, took = run(a, ["aggregate", out], 300)
    ok = p is not None and p.returncode == 3 and took < 120
    with h5py.File(os.path.join(out, "aggregate.h5"), "r") as f:
        phis = [x.decode() for x in f["table/response.function"][:]]
        ok = ok and len(phis) == 3999 and set(phis) == {"rect_tanh", "rect_linear"}
        errors = [x.decode() for x in f["failed/error"][:]]
        ok = ok and len(errors) == 1 and "deeper than 16" in errors[0]
    check("aggregate of 3 999 rows with a text parameter and one file nesting 2 000 groups", ok,
          f"{took:.1f} s")


def config_files(a, work):
    d = os.path.join(work, "a-directory.ini")
    os.makedirs(d, exist_ok=True)
    refused(a, "a directory as config file", ["run", d], ["config file", "directory"])
    fifo = os.path.join(work, "a-fifo.ini")
    regtest.remove(fifo)
    os.mkfifo(fifo)
    refused(a, "a FIFO as config file", ["run", fifo], ["config file", "FIFO"], timeout=20)
    big = os.path.join(work, "big.ini")
    with open(big, "w") as fh:
        fh.write("[run]\nT = 20\n[network]\n" + "x" * 10_000_000 + " = 1\n")
    refused(a, "a 10 MB config file", ["run", big], ["config file", "4 MiB"], timeout=20)
    with open(big, "w") as fh:
        fh.write("[run]\nT = 20\n[network]\n" + "x" * 3_000_000 + " = 1\n")
    refused(a, "a 3 MB unknown key: refused in seconds, echoed short", ["run", big], ["unknown key", "characters"],
            timeout=20)
    ini = os.path.join(work, "rate.ini")
    refused(a, "a 100 000-character unknown key on the command line", ["run", ini, "--network." + "y" * 100000 + "=1"],
            ["unknown key", "characters"], timeout=20)


def main():
    a = regtest.arguments()
    sizes(a, a.work)
    scan_values(a, a.work)
    aggregate(a, a.work)
    config_files(a, a.work)
    return regtest.summary()


if __name__ == "__main__":
    sys.exit(main())
