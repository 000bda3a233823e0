# SPDX-License-Identifier: BSD-3-Clause
"""Mean-field predictions at parameter values no run was made for, by calling `balnet mft`
(docs/models.md §1.7 for rate networks, §2.2.6 Siegert for LIF), so that a theory curve is the
theory itself and not a polyline through the simulated points.

    from balnet.mft import predict
    predict(run, {"lif.g": 4.25})                # {"meanfield/siegert/rate": 21.3, ...}
    predict(run, {"network.K": 700, "network.N": 700}, beta=0.8)   # rate: every closure

The configuration is the run's resolved INI (/config@ini) with the overrides; for rate networks
the closures that need the input decay rate beta (telegraph, moment_gamma) get `beta` (the
caller decides where it comes from; balnet.scan interpolates the measured beta between runs).
predict_many() runs several points at once (one `balnet mft` process per point, as many in
parallel as there are cores: each call spends most of its second starting MPI) and keeps the
answers in a cache file (cache_path(): $BALNET_MFT_CACHE, else $XDG_CACHE_HOME/balnet or
~/.cache/balnet, mft-cache.json; BALNET_MFT_CACHE=off disables it), keyed by the executable (path,
size, modification time), the configuration text, the overrides and beta, so that drawing a
figure again costs nothing.

The result uses the column names of `balnet aggregate` ("meanfield/<closure>/<observable>",
"meanfield/<closure>/<pop>/<observable>"), NaN where a closure does not apply.
"""
import hashlib
import json
import math
import os
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor

import h5py

from .keys import find_balnet, key_info

__all__ = ["predict", "predict_many", "MftError", "cache_path"]


class MftError(RuntimeError):
    pass


def _value(key, v, balnet):
    """An override as balnet parses it: integer keys rounded (a fine grid of K passes 706, not 706.3)."""
    info = key_info(key, balnet)
    if info is not None and info.kind == "integer":
        return str(int(round(float(v))))
    if isinstance(v, float):
        return repr(v)
    return str(v)


def predict(run, overrides, beta=None, balnet=None, timeout=120):
    """Theory for run's configuration with `overrides` ({key: value}); see the module doc."""
    exe = find_balnet(balnet)
    if exe is None:
        raise MftError("no balnet executable (give --balnet, set $BALNET or build the repository)")
    ini = run.config_ini
    if not ini:
        raise MftError(f"{run.path} stores no /config@ini")
    # beta comes from the caller, never from another run file (balnet refuses both at once, and
    # an override cannot set a key to the empty string).
    ini = re.sub(r"(?m)^beta_from\s*=.*$", 'beta_from = ""', ini)
    with tempfile.TemporaryDirectory(prefix="balnet-mft-") as tmp:
        cfg = os.path.join(tmp, "config.ini")
        with open(cfg, "w") as fh:
            fh.write(ini)
        args = [exe, "mft", cfg] + [f"--{k}={_value(k, v, exe)}" for k, v in overrides.items()]
        out_h5 = os.path.join(tmp, "mft.h5")
        if run.model == "rate":
            args.append(f"--meanfield.file={out_h5}")
            if beta is not None and math.isfinite(beta) and beta > 0:
                args.append(f"--meanfield.beta={beta!r}")
        p = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=tmp)
        if p.returncode != 0:
            raise MftError(f"{' '.join(args)}: exit {p.returncode}: {p.stderr.strip()[:400]}")
        if run.model == "rate":
            return _read_rate(out_h5)
        if run.model == "lif":
            return _parse_lif(p.stdout)
    raise MftError(f"no mean-field theory for run.model = {run.model}")


def _read_rate(path):
    out = {}
    with h5py.File(path, "r") as f:
        if "meanfield" not in f:
            return out
        for c, g in f["meanfield"].items():
            if not isinstance(g, h5py.Group) or c == "comparison":
                continue
            state = g.attrs.get("state", b"ok")
            ok = (state.decode() if isinstance(state, bytes) else str(state)) == "ok"

            def visit(name, obj, c=c, ok=ok):
                if isinstance(obj, h5py.Dataset) and obj.shape == () and obj.dtype.kind in "fiu":
                    out[f"meanfield/{c}/{name}"] = float(obj[()]) if ok else math.nan
            g.visititems(visit)
    return out


_FP = re.compile(r"^\s+nu = (\S+) Hz\s+mu = (\S+) mV\s+sigma = (\S+) mV\s+CV = (\S+)\s+residual = \S+ Hz\s+(stable|unstable)", re.M)
_GENERAL = re.compile(r"^\s+(\w+): nu = (\S+) Hz\s+mu = (\S+) mV\s+sigma = (\S+) mV\s+CV = (\S+)", re.M)


def _parse_lif(text):
    """`balnet mft` of a LIF config prints every fixed point; the run stores the first stable one
    (lif_run.cpp, lif_prediction), so that is the one taken here."""
    out = {}
    general = _GENERAL.findall(text)
    if general:
        for i, (pop, nu, mu, sigma, cv) in enumerate(general):
            for k, v in (("rate", nu), ("mu", mu), ("sigma", sigma), ("cv", cv)):
                out[f"meanfield/siegert/{pop}/{k}"] = float(v)
                if i == 0:
                    out[f"meanfield/siegert/{k}"] = float(v)
        return out
    roots = _FP.findall(text)
    if not roots:
        raise MftError("balnet mft printed no fixed point:\n" + text[:400])
    pick = next((r for r in roots if r[4] == "stable"), roots[0])
    for k, v in zip(("rate", "mu", "sigma", "cv"), pick[:4]):
        out[f"meanfield/siegert/{k}"] = float(v)
        # Model A: E and I obey the same equation, so both populations share the one solution.
        for pop in ("E", "I"):
            out[f"meanfield/siegert/{pop}/{k}"] = float(v)
    return out


def cache_path():
    """The cache file of predict_many, or None when caching is off."""
    v = os.environ.get("BALNET_MFT_CACHE")
    if v is not None:
        return None if v.lower() in ("", "0", "off", "no", "false") else v
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "balnet", "mft-cache.json")


def _key(exe, run, overrides, beta):
    st = os.stat(exe)
    blob = json.dumps([os.path.realpath(exe), st.st_size, st.st_mtime_ns, run.model, run.config_ini,
                       sorted((k, _value(k, v, exe)) for k, v in overrides.items()),
                       None if beta is None or not math.isfinite(beta) else repr(float(beta))])
    return hashlib.sha256(blob.encode()).hexdigest()


def _load(path):
    try:
        with open(path) as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return {}


def _store(path, new):
    if not path or not new:
        return
    try:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        cache = _load(path)  # merged with what another process may have written meanwhile
        cache.update(new)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w") as fh:
            json.dump(cache, fh)
        os.replace(tmp, path)  # atomic: a reader sees the old or the new file, never half of one
    except OSError:
        pass  # a cache that cannot be written only costs time


def predict_many(run, points, balnet=None, workers=None):
    """predict(run, overrides, beta) for each (overrides, beta) of points, in parallel and
    cached; returns one dict or MftError per point, in order."""
    exe = find_balnet(balnet)
    if exe is None:
        raise MftError("no balnet executable (give --balnet, set $BALNET or build the repository)")
    path = cache_path()
    cache = _load(path) if path else {}
    keys = [_key(exe, run, ov, b) for ov, b in points]
    todo = [i for i, k in enumerate(keys) if k not in cache]
    results = [cache.get(k) for k in keys]
    new = {}

    def one(i):
        ov, b = points[i]
        try:
            return predict(run, ov, beta=b, balnet=exe)
        except MftError as e:
            return e
        except subprocess.TimeoutExpired:
            return MftError(f"balnet mft at {ov} timed out")
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2) as pool:
        for i, r in zip(todo, pool.map(one, todo)):
            results[i] = r
            if not isinstance(r, MftError):
                new[keys[i]] = r
    _store(path, new)
    return results
