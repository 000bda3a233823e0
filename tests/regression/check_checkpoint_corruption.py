#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Damaged checkpoints are refused, never trusted (docs/checkpoints.md, "A damaged checkpoint").

For each model (rate, LIF, SCN) a short run writes periodic checkpoints (the last one and the one
before it, <file>.prev, stay after the run). Then copies of the last checkpoint are damaged in
many ways, each put in place of the checkpoint and resumed with --resume:
  - raw damage, caught by the checksums: bytes flipped in a dataset's data, in the header
    attributes, truncated files, a garbage file, an empty file;
  - damage with the checksums recomputed ("resealed"), caught by the validation of the values:
    steps = 0, 2^62, -5, off the chunk grid or past the run's end, NaN / inf in a state vector
    (on one rank only: the ranks must agree), a dataset deleted or of the wrong length (items:
    fewer than the network's neurons, units, ...; resealed with the order-free item checksum of
    checkpoint_file.hpp, whose stride each item dataset's stored checksum reveals), a gid 2^40 in
    the SCN knock-out set, refractory counters out of range, spike or trace counts that do not
    match, n_ranks (raw) or the configuration changed;
  - the checkpoint removed while <file>.prev is there (--resume must not start over).
Each must end with exit code 2, exactly one error line that names the checkpoint, no crash or
abort noise, no summary and an output file that does not read "complete". An undamaged copy
resumes bitwise to the uninterrupted result, and so does <file>.prev moved into place. The counts
tried / handled are printed at the end.
usage: check_checkpoint_corruption.py --balnet B --mpiexec M --np N --work DIR
"""
import concurrent.futures
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

import regtest as rt

EXAMPLES = os.path.join(rt.SRC, "inputs", "examples")
MODELS = {
    # model: (example, arguments, state vector, chunk (0: none))
    "rate": (os.path.join(EXAMPLES, "sparse-balance-N=K=500-T=200.ini"),
             ["--run.T=20", "--record.ncorr=2", "--record.units=50", "--checkpoint.every=8"], "/engine/x", 100),
    "lif": (os.path.join(EXAMPLES, "brunel-AI-small.ini"),
            ["--lif.T=300", "--lif.warmup=50", "--checkpoint.every=100"], "/engine/v", 100),
    "scn": (os.path.join(EXAMPLES, "scn-2d-tracking-N=100.ini"),
            ["--scn.T=150", "--scn.warmup=50", "--checkpoint.every=30"], "/engine/v", 256),
}
# A refusal is one error line plus mpiexec's report of a non-zero exit; never these:
NOISE = ("Segmentation", "segfault", "MPI_ABORT", "core dumped", "terminate called", "Traceback",
         "HDF5-DIAG", "signal 11", "signal 6", "assertion failed", "error on rank")
tried, handled = [], []


# ---- the checksums of checkpoint_file.cpp ------------------------------------------------------
def fnv(data):
    h = 14695981039346656037
    for b in data:
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h & 0x7FFFFFFFFFFFFFFF


def reseal_header(f):
    model = rt.text(f.attrs["model"])
    s = f"{model}\0{int(f.attrs['steps'])}\0{int(f.attrs['n_ranks'])}".encode()
    f.attrs["header_checksum"] = np.int64(fnv(s))


def item_checksum(data, stride):
    """The checksum of a dataset of items (`stride` values each): the sum (mod 2^64) over items
    of the FNV-1a of the item's index (uint64) and values, top bit cleared."""
    raw, total = np.ascontiguousarray(data), 0
    for k in range(len(raw) // stride):
        total += fnv_full(np.uint64(k).tobytes() + raw[k * stride:(k + 1) * stride].tobytes())
    return total & 0x7FFFFFFFFFFFFFFF


def fnv_full(data):
    h = 14695981039346656037
    for b in data:
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return h


def item_stride(f, name):
    """The stride of an item dataset (the one whose checksum matches: checkpoint_file.hpp), or
    None for a shared array."""
    data, stored = f[name][()], int(f[name + "_checksum"][0])
    if stored == fnv(np.ascontiguousarray(data).tobytes()):
        return None
    for s in range(1, len(data) + 1):
        if len(data) % s == 0 and item_checksum(data, s) == stored:
            return s
    raise ValueError(f"{name}: neither a shared array nor items")


STRIDES = {}  # (name) -> stride of the item datasets, found in the undamaged checkpoint


def reseal_blocks(f, name):
    """Recomputes /name_checksum of a rank block, items or a shared array after its values changed."""
    data = f[name][()]
    if STRIDES.get(name):
        del f[name + "_checksum"]
        f.create_dataset(name + "_checksum", data=np.array([item_checksum(data, STRIDES[name])], dtype="<u8"))
    elif name + "_count" in f:
        counts = f[name + "_count"][()]
        sums, off = [], 0
        for n in counts:
            sums.append(fnv(np.ascontiguousarray(data[off:off + int(n)]).tobytes()))
            off += int(n)
        del f[name + "_checksum"]
        f.create_dataset(name + "_checksum", data=np.array(sums, dtype="<u8"))
    else:
        del f[name + "_checksum"]
        f.create_dataset(name + "_checksum", data=np.array([fnv(np.ascontiguousarray(data).tobytes())], dtype="<u8"))


def replace(f, name, values):
    dtype = f[name].dtype
    del f[name]
    f.create_dataset(name, data=np.asarray(values, dtype=dtype))


def rank_slice(f, name, rank):
    counts = f[name + "_count"][()]
    off = int(np.sum(counts[:rank]))
    return off, off + int(counts[rank])


# ---- the damage ---------------------------------------------------------------------------------
def h5_edit(fn):
    def edit(path):
        with h5py.File(path, "r+") as f:
            fn(f)
    return edit


def flip_data(name, where=0.5):
    def edit(path):
        with h5py.File(path, "r") as f:
            ds = f[name]
            offset, nbytes = ds.id.get_offset(), ds.id.get_storage_size()
        with open(path, "r+b") as g:
            pos = offset + min(nbytes - 1, int(nbytes * where))
            g.seek(pos)
            b = g.read(1)
            g.seek(pos)
            g.write(bytes([b[0] ^ 0x5A]))
    return edit


def flip_attribute_bytes(needle):
    """Flips a byte inside a string that only occurs in an attribute's value."""
    def edit(path):
        data = bytearray(open(path, "rb").read())
        k = data.find(needle)
        data[k + len(needle) // 2] ^= 0x01
        open(path, "wb").write(bytes(data))
    return edit


def truncate(fraction):
    def edit(path):
        size = os.path.getsize(path)
        with open(path, "r+b") as g:
            g.truncate(int(size * fraction))
    return edit


def garbage(path):
    size = os.path.getsize(path)
    open(path, "wb").write(np.random.default_rng(7).integers(0, 256, size, dtype=np.uint8).tobytes())


def set_steps(value, reseal):
    def fn(f):
        f.attrs["steps"] = np.int64(value)
        if reseal:
            reseal_header(f)
    return h5_edit(fn)


def set_ranks(value, reseal):
    def fn(f):
        f.attrs["n_ranks"] = np.int64(value)
        if reseal:
            reseal_header(f)
    return h5_edit(fn)


def poke(name, value, rank=1, reseal=True, index=0):
    """One value of rank `rank`'s block (of items: index counted from the end for rank 1, the last
    rank; from the start for rank 0; of a shared array: from the start) set to `value`."""
    def fn(f):
        data = f[name][()]
        off = rank_slice(f, name, rank)[0] if name + "_count" in f else 0
        at = off + index
        if STRIDES.get(name) and rank == 1:
            at = len(data) - 1 - index
        data[at] = value
        replace(f, name, data)
        if reseal:
            reseal_blocks(f, name)
    return h5_edit(fn)


def shorter(name, fix_counts):
    """Drops the last value of rank 1's block (of items: the last value); with fix_counts the
    counts (of a rank block) and checksums follow."""
    def fn(f):
        data = f[name][()]
        hi = rank_slice(f, name, 1)[1] if name + "_count" in f else len(data)
        replace(f, name, np.delete(data, hi - 1))
        if fix_counts and name + "_count" not in f:
            reseal_blocks(f, name)
        elif fix_counts:
            counts = f[name + "_count"][()]
            counts[1] -= 1
            replace(f, name + "_count", counts)
            reseal_blocks(f, name)
    return h5_edit(fn)


def delete(name):
    return h5_edit(lambda f: f.__delitem__(name))


def delete_attribute(name):
    return h5_edit(lambda f: f.attrs.__delitem__(name))


def set_attribute_sealed(name, value):
    """A root attribute (an array of counts as doubles: traces_written, spikes_written) with its
    <name>_checksum recomputed."""
    def fn(f):
        arr = np.atleast_1d(np.asarray(value, dtype="<f8"))
        f.attrs[name] = arr
        f.attrs[name + "_checksum"] = np.int64(fnv(arr.tobytes()))
    return h5_edit(fn)


def edit_config(f):
    f.attrs["config"] = rt.text(f.attrs["config"]) + "\n"


def cases(model, ckpt):
    _, _, state, chunk = MODELS[model]
    STRIDES.clear()
    with h5py.File(ckpt, "r") as f:
        steps = int(f.attrs["steps"])
        names = []
        f.visititems(lambda n, o: names.append("/" + n) if isinstance(o, h5py.Dataset) else None)
        blocks = [n for n in names if n + "_count" in names and f[n].size > 0]
        for n in names:
            if n + "_checksum" in names and n + "_count" not in names and f[n].size > 0:
                STRIDES[n] = item_stride(f, n)
        items = [n for n in names if STRIDES.get(n)]
        spikes = [float(x) for x in f.attrs["spikes_written"]] if "spikes_written" in f.attrs else None
    c = {}
    for n in blocks[:3] + items[:3] + [state]:  # a byte flipped in the data of a few rank blocks and items
        c[f"flip {n}"] = flip_data(n)
    c[f"flip {state}_checksum"] = flip_data(state + "_checksum", 0.9)
    c["flip config attribute"] = flip_attribute_bytes(b"[run]")
    c["truncated to 1/2"] = truncate(0.5)
    c["truncated to 90%"] = truncate(0.9)
    c["truncated to 100 bytes"] = truncate(100 / os.path.getsize(ckpt))
    c["empty file"] = truncate(0.0)
    c["garbage"] = garbage
    c["removed, <file>.prev still there"] = os.remove
    for v in (0, 2**62, -5):
        c[f"steps = {v}"] = set_steps(v, False)
        c[f"steps = {v} resealed"] = set_steps(v, True)
    c["steps past the end resealed"] = set_steps(10**9 // (chunk or 1) * (chunk or 1), True)
    if chunk:
        c["steps off the chunk grid resealed"] = set_steps(steps - 1, True)
    c[f"NaN in {state} (raw)"] = poke(state, np.nan, reseal=False)
    c[f"NaN in {state} of rank 1 resealed"] = poke(state, np.nan)
    c[f"inf in {state} of rank 0 resealed"] = poke(state, np.inf, rank=0)
    c[f"{state} deleted"] = delete(state)
    c[f"{state}_checksum deleted"] = delete(state + "_checksum")
    c[f"{state} one value short"] = shorter(state, False)
    c[f"{state} one value short, checksum resealed"] = shorter(state, True)
    c[f"{state} items all removed, checksum resealed"] = h5_edit(lambda f: (replace(f, state, []),
                                                                           reseal_blocks(f, state)))
    c["header_checksum deleted"] = delete_attribute("header_checksum")
    c["steps attribute deleted"] = delete_attribute("steps")
    c["n_ranks = 3"] = set_ranks(3, False)
    c["configuration changed"] = h5_edit(edit_config)
    if model == "rate":
        c["traces_written raw"] = h5_edit(lambda f: f.attrs.__setitem__("traces_written", np.uint64(7)))
        c["traces_written off the step resealed"] = set_attribute_sealed("traces_written", [7])
        c["NaN in /observers/units resealed"] = poke("/observers/units", np.nan, index=0)
        c["/observers/units one value short, resealed"] = shorter("/observers/units", True)
        c["/observers/acf_x one value short, resealed"] = shorter("/observers/acf_x", True)
        c["/observers/acf_x_head fill past the block, resealed"] = h5_edit(
            lambda f: (replace(f, "/observers/acf_x_head", [f["/observers/acf_x_head"][0], 10**6]),
                       reseal_blocks(f, "/observers/acf_x_head")))
    if model == "lif":
        c["refractory -1 (2^64 - 1 as a whole number) resealed"] = poke("/engine/refractory", np.uint64(2**64 - 1))
        c["refractory 2^40 resealed"] = poke("/engine/refractory", 2**40)
        c["NaN in /engine/ring resealed"] = poke("/engine/ring", np.nan, index=3)
        c["/engine/ring one value short, resealed"] = shorter("/engine/ring", True)
        c["NaN in /observers/chi resealed"] = poke("/observers/chi", np.nan)
        c["/observers/E.stats one value short, resealed"] = shorter("/observers/E.stats", True)
        c["/observers/input one value short, resealed"] = shorter("/observers/input", True)
        c["/observers/head rows written past the samples, resealed"] = h5_edit(
            lambda f: (replace(f, "/observers/head", [0, 5]), reseal_blocks(f, "/observers/head")))
        c["/observers/E.hist_pending deleted"] = delete("/observers/E.hist_pending")
        c["/engine/events deleted"] = delete("/engine/events")
    if model == "scn":
        c["gid 2^40 in the knock-out set resealed"] = h5_edit(lambda f: (replace(f, "/engine/knocked_out", [2**40]),
                                                                       reseal_blocks(f, "/engine/knocked_out")))
        c["knock-out set unsorted resealed"] = h5_edit(lambda f: (replace(f, "/engine/knocked_out", [5, 3]),
                                                                 reseal_blocks(f, "/engine/knocked_out")))
        c["NaN in /engine/r resealed"] = poke("/engine/r", np.nan)
        c["NaN in /engine/signal_x resealed"] = poke("/engine/signal_x", np.nan)
        c["/engine/signal_x one value long, resealed"] = h5_edit(lambda f: (replace(f, "/engine/signal_x", [0.0, 0.0, 0.0]),
                                                                    reseal_blocks(f, "/engine/signal_x")))
        c["flip /observers/x"] = flip_data("/observers/x")
        c["/observers/stats one value short, resealed"] = shorter("/observers/stats", True)
        c["/observers/trace_e one value short, resealed"] = shorter("/observers/trace_e", True)
        c["/observers/count_correlation.pending one value long, resealed"] = h5_edit(
            lambda f: (replace(f, "/observers/count_correlation.pending",
                               list(f["/observers/count_correlation.pending"][()]) + [1.0]),
                       reseal_blocks(f, "/observers/count_correlation.pending")))
        c["/engine/xhat deleted"] = delete("/engine/xhat")
    if spikes is not None:
        c["spikes_written raw"] = h5_edit(lambda f: f.attrs.__setitem__("spikes_written",
                                                                       np.array(spikes) + 1))
        c["spikes_written beyond the output file resealed"] = set_attribute_sealed(
            "spikes_written", [x + 10**6 for x in spikes])
        c["spikes_written NaN resealed"] = set_attribute_sealed("spikes_written", [np.nan] * len(spikes))
        c["spikes_written of one population too many resealed"] = set_attribute_sealed(
            "spikes_written", spikes + [0.0])
    return c


# ---- running ------------------------------------------------------------------------------------
# Every case runs in its own directory with the same relative paths (the resolved configuration,
# which a checkpoint must match, holds output.file), so that several run at once: most of a
# refused run's time is mpiexec starting up.
OUT, CKPT = "run.h5", "run.h5.ckpt.h5"


def resume(a, model, cwd, timeout=180):
    ini, args = MODELS[model][:2]
    cmd = rt.command(a, ["run", ini, "--output.file=" + OUT, *args, "--resume"], a.np, overwrite=False)
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return "timeout", str(e.stdout or ""), str(e.stderr or "")


def datasets(path):
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: out.__setitem__(n, np.asarray(o[()]))
                     if isinstance(o, h5py.Dataset) and not n.startswith(("timing", "profile", "resources")) else None)
    return out


def differing(a, b):
    da, db = datasets(a), datasets(b)
    diff = sorted(k for k in da.keys() & db.keys() if not rt.same_bits(da[k], db[k]))
    if da.keys() != db.keys():
        diff.append(f"members differ: {sorted(da.keys() ^ db.keys())}")
    return diff, len(da)


def judge(model, name, cwd, rc, stdout, stderr):
    errors = [ln for ln in stderr.splitlines() if ln.startswith("balnet:")]
    noise = [w for w in NOISE if w in stdout + stderr]
    status = rt.file_status(os.path.join(cwd, OUT))
    problems = []
    if rc != 2:
        problems.append(f"exit code {rc}")
    if len(errors) != 1:
        problems.append(f"{len(errors)} error lines")
    elif CKPT not in errors[0]:
        problems.append("the message does not name the checkpoint")
    if noise:
        problems.append(f"noise {noise}")
    if status == "complete" or "peak memory" in stdout:
        problems.append("the run completed")
    tried.append(f"{model}: {name}")
    if not problems:
        handled.append(f"{model}: {name}")
    rt.check(f"{model}: {name} refused", not problems,
             "; ".join(problems) + (" | " if problems else "") + (errors[0] if errors else stderr.strip()[-300:]))
    if name.startswith("flip /") and not problems:
        rt.check(f"{model}: {name}: the message points to <file>.prev", CKPT + ".prev: move it to" in errors[0])


def model_cases(a, model, pool):
    ini, args = MODELS[model][:2]
    work = os.path.join(a.work, model)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    p = subprocess.run(rt.command(a, ["run", ini, "--output.file=" + OUT, *args], a.np), cwd=work,
                       capture_output=True, text=True)
    ckpt = os.path.join(work, CKPT)
    rt.check(f"{model}: the run with checkpoints", p.returncode == 0 and os.path.exists(ckpt)
             and os.path.exists(ckpt + ".prev"), f"rc {p.returncode} {p.stderr.strip()[-300:]}")
    if p.returncode != 0:
        return []
    full, good, prev = os.path.join(work, OUT), ckpt, ckpt + ".prev"

    def prepare(case, checkpoint, with_prev=True):
        cwd = os.path.join(work, case)
        os.makedirs(cwd)
        shutil.copyfile(full, os.path.join(cwd, OUT))
        with h5py.File(os.path.join(cwd, OUT), "r+") as f:
            f.attrs["status"] = "stopped"
            if model == "rate":  # what a stopped rate run's file holds: no results yet
                for member in set(f) - {"config", "network", "state"}:
                    del f[member]
                if "network/bytes_per_synapse" in f:  # written with the resources at the end
                    del f["network/bytes_per_synapse"]
        if os.path.exists(checkpoint):  # "removed": only <file>.prev is there
            shutil.copyfile(checkpoint, os.path.join(cwd, CKPT))
        if with_prev:
            shutil.copyfile(prev, os.path.join(cwd, CKPT + ".prev"))
        return cwd

    jobs = []
    # The undamaged checkpoint, then the previous one moved into place, resume bitwise.
    for k, (label, source) in enumerate((("the undamaged checkpoint", good),
                                         ("<file>.prev moved into place", prev))):
        cwd = prepare(f"good{k}", source, with_prev=False)

        def finish(res, label=label, cwd=cwd):
            rc, so, se = res
            diff, n = differing(full, os.path.join(cwd, OUT)) if rc == 0 else (["-"], 0)
            rt.check(f"{model}: {label} resumes bitwise to the uninterrupted run", rc == 0 and n > 0 and not diff,
                     f"rc {rc}, {n} datasets, differing: {diff[:5]} {se.strip()[-300:] if rc else ''}")
        jobs.append((pool.submit(resume, a, model, cwd), finish))

    for k, (name, damage) in enumerate(cases(model, good).items()):
        bad = os.path.join(work, f"bad{k}.ckpt.h5")
        shutil.copyfile(good, bad)
        try:
            damage(bad)
        except Exception as e:  # noqa: BLE001 -- the damage itself failed: a bug of this script
            rt.check(f"{model}: {name} (damaging the copy)", False, repr(e))
            continue
        cwd = prepare(f"case{k}", bad)
        jobs.append((pool.submit(resume, a, model, cwd),
                     lambda res, name=name, cwd=cwd: judge(model, name, cwd, *res)))
    return jobs


def main():
    a = rt.arguments(np_default=2)
    only = os.environ.get("BALNET_CORRUPTION_MODELS", "rate,lif,scn").split(",")
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for model in only:
            for future, finish in model_cases(a, model, pool):
                finish(future.result())
    print(f"damaged checkpoints: {len(tried)} tried, {len(handled)} handled")
    for t in tried:
        if t not in handled:
            print("  not handled:", t)
    rt.check("every damaged checkpoint handled", len(tried) > 0 and len(handled) == len(tried),
             f"{len(handled)} / {len(tried)}")
    return rt.summary()


if __name__ == "__main__":
    sys.exit(main())
