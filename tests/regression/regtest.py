# SPDX-License-Identifier: BSD-3-Clause
"""The scaffolding the regression scripts (check_*.py) share: their command line, the PASS/FAIL
log, launching balnet under mpiexec, small h5py readers and the PNG check of the plot tools.

A script is run as `python3 tests/regression/check_x.py ...`, so its own directory is first on
sys.path and `import regtest` finds this file. Everything here is plumbing: the expected values,
tolerances and identities a test checks stay in its script. The failure list is one per process;
scripts that reuse another script's helpers (check_va_reference.py, check_lif_checkpoint.py)
therefore record into the same list whichever module they call `check` through.
"""
import argparse
import atexit
import os
import re
import shutil
import signal
import subprocess
import time

SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")  # the repository
failures = []


def check(name, ok, detail=""):
    """Logs one check as a PASS or FAIL line (flushed, so that it interleaves with balnet's own
    output) and remembers the failures for summary()."""
    print(("PASS " if ok else "FAIL ") + name + (": " + detail if detail else ""), flush=True)
    if not ok:
        failures.append(name)


def summary():
    """Prints how many checks failed; the script's exit code: 1 if any did, else 0."""
    print(f"{len(failures)} failed: " + ", ".join(failures) if failures else "all checks passed")
    return 1 if failures else 0


def parser(np_default=1, out="--work"):
    """--balnet, --mpiexec (required), --np (default np_default) and the output directory `out`
    (required): what CMake's balnet_regression() passes. Scripts add their own options."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--balnet", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--np", type=int, default=np_default)
    ap.add_argument(out, required=True)
    return ap


def frozen_binary(a, directory):
    """Points a.balnet at a copy of the binary in `directory`, made once when the script starts.
    Other work rebuilds the build tree while ctest runs (a shared checkout): a balnet relinked
    under a running test fails its next launches (exit 132, "Text file busy", no such file),
    which is how bad_inputs_np1 failed once in a full `ctest -j2`; a test now checks one binary
    from its first launch to its last. copy2 keeps the mtime check_provenance.py compares; the
    process id keeps apart the tests that share a directory (reference_*), and the copy goes
    when the script ends."""
    frozen = os.path.join(directory, f".balnet-under-test.{os.getpid()}")
    for _ in range(30):  # a binary being linked right now changes while it is copied: wait for it
        before = os.stat(a.balnet)
        shutil.copy2(a.balnet, frozen)
        after = os.stat(a.balnet)
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns) == \
                (os.stat(frozen).st_size, os.stat(frozen).st_mtime_ns):
            break
        time.sleep(1)
    atexit.register(lambda: os.path.exists(frozen) and os.remove(frozen))
    a.balnet = frozen
    return a


def arguments(np_default=1, out="--work", required=()):
    """parser() plus the `required` options, parsed; creates the output directory and freezes
    the binary there (frozen_binary)."""
    ap = parser(np_default, out)
    for k in required:
        ap.add_argument(k, required=True)
    a = ap.parse_args()
    os.makedirs(getattr(a, out[2:]), exist_ok=True)
    return frozen_binary(a, getattr(a, out[2:]))


def case_arguments(np_default=2, cases=None):
    """The reference scripts' command line: parser() with --out DIR and --case (one of `cases`
    where given), parsed; creates the output directory."""
    ap = parser(np_default, "--out")
    ap.add_argument("--case", required=True, choices=cases)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    return frozen_binary(a, a.out)


def command(a, args, np_, overwrite=True):
    """The mpiexec command line running `balnet args` on np_ ranks. A `run` gets --overwrite
    (unless overwrite=False): the tests write their files anew every time ctest runs, and balnet
    refuses to replace a complete run file without it."""
    if overwrite and args[:1] == ["run"]:
        args = ["run", "--overwrite", *args[1:]]
    return [a.mpiexec, "-n", str(np_), a.balnet, *args]


def sh(cmd, timeout=None):
    """Runs cmd, echoing it and its output; returns the CompletedProcess (stdout and stderr kept
    as text for the caller's checks)."""
    print("+", " ".join(cmd), flush=True)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    print(p.stdout + p.stderr)
    return p


def balnet(a, args, np_=1, timeout=None):
    """sh() of `balnet args` under mpiexec on np_ ranks."""
    return sh(command(a, args, np_), timeout)


def run_checked(a, args, np_):
    """Runs `balnet args` on np_ ranks with its output passed through; a non-zero exit raises
    (the script ends with a traceback and a non-zero code)."""
    cmd = command(a, args, np_)
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def block(text, heading):
    """The indented lines printed under a line that reads `heading` (a regular expression)."""
    m = re.search(r"^" + heading + r"\n((?:  .*\n)+)", text, re.M)
    return m.group(1) if m else ""


def ini_text(base, extra="", replace=None):
    """base with replace = (old, new) applied, then `extra` appended: one variant of a config."""
    return (base if replace is None else base.replace(*replace)) + extra


def text(value):
    """An HDF5 string attribute (bytes or str) as str."""
    return value.decode() if isinstance(value, bytes) else str(value)


def config_value(f, key):
    """A /config attribute of an open run file as a float."""
    return float(text(f["config"].attrs[key]))


def file_status(path):
    """The status attribute of a run file; "missing" or "unreadable" where there is none."""
    import h5py
    if not os.path.exists(path):
        return "missing"
    try:
        with h5py.File(path, "r") as f:
            return text(f.attrs.get("status", b""))
    except OSError:
        return "unreadable"  # killed mid-write: certainly not complete


def check_complete(name, f):
    """Checks that an open run file reads status "complete"."""
    check(name + " status", f.attrs["status"] in ("complete", b"complete"), str(f.attrs["status"]))


def same_bits(x, y):
    """Bitwise equality of two arrays: dtype, shape and bytes (NaN equals NaN, -0 differs from 0)."""
    return x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()


def check_same_spikes(label, a, b, pops, min_spikes=-1):
    """The /spikes reports of populations `pops` of two open run files are bitwise the same (node
    ids and timestamps), each with more than `min_spikes` spikes."""
    for pop in pops:
        for ds in ("node_ids", "timestamps"):
            x, y = a[f"spikes/{pop}/{ds}"][()], b[f"spikes/{pop}/{ds}"][()]
            check(f"{label} /spikes/{pop}/{ds} bitwise", same_bits(x, y) and len(x) > min_spikes,
                  f"{x.shape} vs {y.shape}")


def one_error_line(p, needles):
    """Whether the finished process p was refused as balnet refuses bad input: exit code 2 and exactly
    one "balnet: error" line, containing every needle; and that line (or all error lines) to report."""
    errors = [line for line in p.stderr.splitlines() if line.startswith("balnet: error")]
    ok = p.returncode == 2 and len(errors) == 1 and all(n in errors[0] for n in needles)
    return ok, f"exit {p.returncode}: {errors}"


def check_values(label, table, value):
    """Each `key: (expected, tolerance)` of table against value(key)."""
    for key, (exp, tol) in table.items():
        v = value(key)
        check(f"{label} {key}", abs(v - exp) <= tol, f"{v:.5g} vs {exp} +- {tol}")


def check_scalars_equal(label, a, b, paths, rel=1e-12):
    """The scalar datasets `paths` of two open run files agree to `rel` (reductions over ranks
    sum in another order: equal to rounding, not bitwise)."""
    for path in paths:
        x, y = float(a[path][()]), float(b[path][()])
        check(f"{label} {path}", abs(x - y) <= rel * abs(x), f"{x!r} vs {y!r}")


def remove(*paths):
    """Removes the files that exist among paths (leftovers of an earlier run of the test)."""
    for p in paths:
        if os.path.exists(p):
            os.remove(p)


def wait_for(path, proc, limit=120):
    """Waits until `path` exists; False if proc ended or `limit` seconds passed first."""
    t0 = time.time()
    while not os.path.exists(path):
        if proc.poll() is not None or time.time() - t0 > limit:
            return False
        time.sleep(0.05)
    return True


def kill_one_rank(proc):
    """SIGKILLs one rank of an mpiexec Popen (its last child process); returns the ranks found."""
    ranks = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
    if ranks:
        os.kill(int(ranks[-1]), signal.SIGKILL)
    return ranks


def check_png(path, min_bytes=10_000):
    """A plot must exist, be larger than min_bytes and have more than one distinct pixel value
    (read back with matplotlib.image), i.e. not be a blank canvas."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.image as mpimg
    import numpy as np
    name = os.path.basename(path)
    if not os.path.exists(path):
        check(name + " exists", False)
        return
    size = os.path.getsize(path)
    img = mpimg.imread(path)
    distinct = len(np.unique(img.reshape(-1, img.shape[-1]) if img.ndim == 3 else img.ravel(), axis=0))
    check(name + " non-trivial", size > min_bytes and distinct > 1, f"{size} bytes, {distinct} distinct pixels")


def run_bad_inputs(cases_of, prefix="bad"):
    """Runs every (name, ini text or None, extra args, needles) case of cases_of(work) and checks
    exit code 2, exactly one error line containing every needle, no output file, no hang (60 s)."""
    a = arguments()
    out, all_cases = cases_of(a.work)
    failed = 0
    for i, (name, ini, extra, needles) in enumerate(all_cases):
        path = os.path.join(a.work, f"{prefix}{i}.ini") if ini is not None else os.path.join(a.work, "does_not_exist.ini")
        if ini is not None:
            with open(path, "w") as fh:
                fh.write(ini)
        remove(out)
        try:
            p = subprocess.run(command(a, ["run", path, *extra], a.np), capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            print(f"FAIL {name}: hung (> 60 s)")
            failed += 1
            continue
        msg = p.stderr.strip()
        errors = [line for line in msg.splitlines() if line.startswith("balnet: error")]
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
