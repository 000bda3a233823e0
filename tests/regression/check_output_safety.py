#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""What a run's output files may destroy (issues 13 and 14), for every model:
1. output.file and checkpoint.file (and the checkpoint's .tmp) that are the same file, or the
   config file, by any name (./x, a symbolic or a hard link); a non-HDF5 file, a directory, a
   device or a FIFO at either path; a complete output without --overwrite: each refused with exit
   2, one error line naming the key, and the file left byte for byte as it was. A file a killed
   run left, an empty file, --overwrite and --resume are let through.
2. Paths of ~300 characters (Open MPI 4.1's shared-file-pointer component overflowed a buffer on
   them): a run and its checkpoint complete; so does a scan whose --out has ~230 characters.
3. A full disk (a 12 MB and a 2 MB tmpfs, mounted here when the test may; skipped with a message
   where it may not): exit 2, one error line, no crash, no hang; the last checkpoint stays readable.
usage: check_output_safety.py --balnet B --mpiexec M --np N --work DIR
"""
import hashlib
import os
import subprocess
import sys

import regtest
from regtest import check

MODELS = {  # model: (config text, a key that makes it run longer)
    "rate": "[run]\nT = 20\n[network]\nN = 100\nK = 50\n[record]\nunits = 20\nncorr = 2\n",
    "lif": "[run]\nmodel = lif\n[lif]\nn_e = 80\nn_i = 20\nc_e = 8\nc_i = 2\nT = 50\nwarmup = 10\n"
           "[lif_analysis]\nn_record = 10\nn_pairs = 10\nfano_bin = 10\n",
    "scn": "[run]\nmodel = scn\n[scn]\nN = 20\nT = 50\nwarmup = 10\n",
}


def digest(path):
    """The bytes of a file (sha256), or its kind for what is not a regular file."""
    if not os.path.lexists(path):
        return "absent"
    if not os.path.isfile(path):
        return "not a file"
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def run(a, args, np_=None, overwrite=False, timeout=120):
    """balnet args on np_ ranks (a.np by default); no --overwrite unless asked."""
    cmd = regtest.command(a, args, np_ or a.np, overwrite=overwrite)
    print("+", " ".join(cmd), flush=True)
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, "hung", "", f"hung (> {timeout} s)")


def errors(p):
    return [line for line in p.stderr.splitlines() if line.startswith("balnet: error")]


def refused(a, name, args, needles, kept):
    """A refusal: exit 2, one error line holding every needle, every path in `kept` unchanged."""
    before = {k: digest(k) for k in kept}
    p = run(a, args)
    lines = errors(p)
    text = lines[0] if lines else p.stderr.strip()[-300:]
    missing = [n for n in needles if n not in text]
    changed = [k for k in kept if digest(k) != before[k]]
    check(name, p.returncode == 2 and len(lines) == 1 and not missing and not changed,
          f"rc {p.returncode}, {len(lines)} error lines, lacks {missing}, changed {changed}: {text}")


def complete_run(a, name, args, out, np_=None, overwrite=False):
    p = run(a, args, np_, overwrite)
    check(name, p.returncode == 0 and regtest.file_status(out) == "complete",
          f"rc {p.returncode}, status {regtest.file_status(out)}: {p.stderr.strip()[-300:]}")


def unlink(*paths):
    """Removes paths left by an earlier run of the test, dangling links included."""
    for p in paths:
        if os.path.lexists(p):
            os.remove(p)


def fake_run_file(path, status):
    """An HDF5 file as a run leaves it (root attribute status), written with h5py."""
    import h5py
    with h5py.File(path, "w") as f:
        f.attrs["status"] = status
        f["analysis/m"] = 0.5


def same_file_cases(a, work, model, ini):
    out = os.path.join(work, f"{model}-out.h5")
    link = os.path.join(work, f"{model}-link.h5")
    cfg_link = os.path.join(work, f"{model}-cfg-hard.ini")
    unlink(out, link, cfg_link)
    os.symlink(out, link)
    os.link(ini, cfg_link)
    rel_ini = os.path.relpath(ini)
    for what, ckpt in (("same path", out), ("./ form", os.path.join(work, ".", os.path.basename(out))),
                       ("symbolic link", link)):
        refused(a, f"{model}: checkpoint.file = output.file ({what})",
                ["run", ini, "--output.file=" + out, "--checkpoint.file=" + ckpt, "--checkpoint.every=5"],
                ["checkpoint.file", "output.file"], [out])
    refused(a, f"{model}: checkpoint.file + .tmp = output.file",
            ["run", ini, "--output.file=" + out + ".tmp", "--checkpoint.file=" + out],
            ["checkpoint.file"], [out + ".tmp"])
    for what, target in (("same path", ini), ("relative path", rel_ini), ("hard link", cfg_link)):
        refused(a, f"{model}: output.file = the config file ({what})",
                ["run", ini, "--output.file=" + target], ["output.file", "config file"], [ini])
        refused(a, f"{model}: checkpoint.file = the config file ({what})",
                ["run", ini, "--output.file=" + out, "--checkpoint.file=" + target],
                ["checkpoint.file", "config file"], [ini])


def existing_file_cases(a, work, model, ini):
    out = os.path.join(work, f"{model}-existing.h5")
    ckpt = out + ".ckpt.h5"
    with open(out, "w") as fh:
        fh.write("somebody's notes, not HDF5\n")
    refused(a, f"{model}: a non-HDF5 file at output.file", ["run", ini, "--output.file=" + out],
            ["output.file", "not HDF5"], [out])
    refused(a, f"{model}: a non-HDF5 file at output.file, even with --overwrite",
            ["run", ini, "--output.file=" + out, "--overwrite"], ["output.file", "not HDF5"], [out])
    os.remove(out)
    with open(ckpt, "w") as fh:
        fh.write("notes\n")
    refused(a, f"{model}: a non-HDF5 file at checkpoint.file", ["run", ini, "--output.file=" + out],
            ["checkpoint.file", "not HDF5"], [ckpt])
    os.remove(ckpt)
    for dev in ("/dev/null", "/dev/full"):
        refused(a, f"{model}: output.file = {dev}", ["run", ini, "--output.file=" + dev], ["output.file", dev], [])
    fifo = os.path.join(work, f"{model}-fifo.h5")
    unlink(fifo)
    os.mkfifo(fifo)
    refused(a, f"{model}: a FIFO at output.file", ["run", ini, "--output.file=" + fifo], ["output.file", "FIFO"], [])
    os.remove(fifo)
    fake_run_file(out, "complete")
    refused(a, f"{model}: a complete output without --overwrite", ["run", ini, "--output.file=" + out],
            ["output.file", "--overwrite"], [out])
    fake_run_file(ckpt, "complete")
    regtest.remove(out)
    refused(a, f"{model}: complete results at checkpoint.file", ["run", ini, "--output.file=" + out],
            ["checkpoint.file", "--overwrite"], [ckpt])
    os.remove(ckpt)
    for status in ("running", "stopped"):
        fake_run_file(out, status)
        complete_run(a, f"{model}: a file a killed run left (status {status}) is replaced",
                     ["run", ini, "--output.file=" + out], out)
    with open(out, "wb"):
        pass
    complete_run(a, f"{model}: an empty file is replaced", ["run", ini, "--output.file=" + out], out)
    complete_run(a, f"{model}: --overwrite replaces a complete output", ["run", ini, "--output.file=" + out], out,
                 overwrite=True)


def resume_case(a, work, ini):
    """--resume from the last periodic checkpoint of a finished run, into its complete output (as
    check_lif_checkpoint.py does): not refused."""
    out = os.path.join(work, "lif-resume.h5")
    complete_run(a, "lif: first run", ["run", ini, "--output.file=" + out, "--checkpoint.every=20"], out,
                 overwrite=True)
    complete_run(a, "lif: --resume into its own complete output runs as before",
                 ["run", ini, "--output.file=" + out, "--checkpoint.every=20", "--resume"], out)


def long_paths(a, work):
    deep = os.path.join(os.path.abspath(work), "d" * 100, "e" * 100)
    os.makedirs(deep, exist_ok=True)
    out = os.path.join(deep, "f" * max(1, 300 - len(deep) - 4) + ".h5")
    ini = os.path.join(work, "rate.ini")
    complete_run(a, f"a {len(out)}-character output path (and its checkpoint)",
                 ["run", ini, "--output.file=" + out, "--checkpoint.every=5"], out, overwrite=True)
    check("the checkpoint at the long path is complete", regtest.file_status(out + ".ckpt.h5") == "complete")
    scan_dir = os.path.join(os.path.abspath(work), "s" * 120, "t" * 300)[:230]
    scan = os.path.join(work, "long.scan.ini")
    with open(scan, "w") as fh:
        fh.write(f"[scan]\nname = long\nbase = {os.path.abspath(ini)}\n[vary]\nnetwork.K = 20, 40\n")
    p = run(a, ["scan", scan, "--out", scan_dir, "--local", "2"], np_=1, timeout=300)
    check(f"a scan whose --out has {len(scan_dir)} characters", p.returncode == 0 and
          all(regtest.file_status(os.path.join(scan_dir, "tasks", f"{i}.h5")) == "complete" for i in (0, 1)),
          f"rc {p.returncode}: {p.stderr.strip()[-300:]}")


def mounted_tmpfs(path, size):
    os.makedirs(path, exist_ok=True)
    subprocess.run(["umount", path], capture_output=True)
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", path], capture_output=True, text=True)
    return p.returncode == 0, p.stderr.strip()


def full_disk_run(a, disk, args, np_, label, checkpoint):
    """One run on the small tmpfs `disk`, emptied first: exit 2, one error line naming the file,
    no crash or MPI_ABORT, an output that does not read complete; `checkpoint`: the last
    checkpoint written before the disk filled is readable and complete."""
    out = os.path.join(disk, "o.h5")
    for f in os.listdir(disk):
        os.remove(os.path.join(disk, f))
    p = run(a, ["run", *args, "--output.file=" + out], np_=np_, timeout=300)
    lines = errors(p)
    text = lines[0] if lines else p.stderr.strip()[-300:]
    check(f"{label} at np {np_}: exit 2, one error line naming the file",
          p.returncode == 2 and len(lines) == 1 and "disk is full" in text and out in text, f"rc {p.returncode}: {text}")
    check(f"{label} at np {np_}: no crash, no MPI_ABORT", "MPI_ABORT" not in p.stderr and
          "Segmentation" not in p.stderr and "signal" not in p.stderr.lower(), p.stderr[-300:])
    if checkpoint:
        check(f"{label} at np {np_}: the last checkpoint is readable and complete",
              regtest.file_status(out + ".ckpt.h5") == "complete", regtest.file_status(out + ".ckpt.h5"))
    check(f"{label} at np {np_}: the output does not read complete", regtest.file_status(out) != "complete",
          regtest.file_status(out))


def full_disk(a, work):
    """A 12 MB disk that fills after the first checkpoints, and the issue's 2 MB disk, too small
    for the first write (exit 139 at np 1 and MPI_ABORT noise at np 2 before)."""
    ini = os.path.join(work, "rate.ini")
    # ~24 KB of traces per sample, ~1.4 MB per checkpoint: a checkpoint fits, the traces do not.
    big = [ini, "--network.N=1000", "--record.units=1000", "--output.trace_units=1000", "--run.T=200",
           "--output.trace_dt=0.02", "--record.ncorr=0.2", "--checkpoint.every=2"]
    for size, args, checkpoint in (("12m", big, True), ("2m", [ini, "--checkpoint.every=2"], False)):
        disk = os.path.join(os.path.abspath(work), "small-disk")
        ok, why = mounted_tmpfs(disk, size)
        if not ok:
            print(f"SKIP full disk: cannot mount a {size.upper()}B tmpfs here ({why or 'not root?'}); run the test as "
                  "root with CAP_SYS_ADMIN to check it", flush=True)
            return
        try:
            for np_ in sorted({1, a.np}):
                full_disk_run(a, disk, args, np_, f"full disk ({size.upper()}B)", checkpoint)
        finally:
            subprocess.run(["umount", disk], capture_output=True)


def main():
    a = regtest.arguments()
    work = a.work
    for model, text in MODELS.items():
        ini = os.path.join(work, f"{model}.ini")
        with open(ini, "w") as fh:
            fh.write(text)
        same_file_cases(a, work, model, ini)
        existing_file_cases(a, work, model, ini)
    resume_case(a, work, os.path.join(work, "lif.ini"))
    long_paths(a, work)
    full_disk(a, work)
    return regtest.summary()


if __name__ == "__main__":
    sys.exit(main())
