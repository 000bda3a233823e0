#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The Python package python/balnet end to end, on real outputs of every model:

1. Small runs of each model (rate with meanfield.enabled, LIF with V traces and Siegert, SCN with
   a knock-out and current traces) and a 2 x 2 LIF scan (g x eta, `balnet scan --local` and
   `balnet aggregate`).
2. balnet.Run against an independent h5py read of the same files: spikes per population (arrays,
   DataFrame, per-neuron counts and trains), the stored rates against the spike counts over the
   analysis window (rate = count / (N (t1 - t0)), per neuron and per population), traces with
   their time axis, analysis scalars, configuration and provenance, the mean field next to the
   simulated values (meanfield_frame), Neo SpikeTrains where python3-neo is installed (skipped,
   and said so, where it is not).
3. balnet.open_scan on the scan folder, its tasks/ and its aggregate.csv: one row per task, the
   values of aggregate.csv and of the task files; the theory on a fine grid (`balnet mft` at
   parameter values no run was made for) equals the stored Siegert prediction where it is
   evaluated at a simulated value.
4. The plot commands (plot_run.py on every model, plot_lif.py, plot_scn.py, plot_scan.py on the
   scan folder and its tasks/): each PNG and its PDF exist, the PNG at >= 150 dpi and not blank;
   commands that find no data (an empty folder, an observable the runs lack, a run of another
   model, a file that is no run) exit non-zero with a message and write nothing.

usage: check_python_package.py --balnet B --mpiexec M --np N --work DIR
"""
import csv
import math
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

from regtest import SRC, arguments, balnet, check, check_png, sh, summary

sys.path.insert(0, os.path.join(SRC, "python"))  # what `export PYTHONPATH=$PWD/python` does
import balnet as bn  # noqa: E402

TOOLS = os.path.join(SRC, "tools", "python")
EXAMPLES = os.path.join(SRC, "inputs", "examples")


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def same(x, y):
    """Equal values, NaN equal to NaN (an SCN run too short for ISIs stores cv = NaN)."""
    return x == y or (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y))


def same_dict(a, b):
    return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)


def close(a, b, rel=1e-12):
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-300)


# ----------------------------------------------------------------------------- runs
def make_runs(a, work):
    runs = {"rate": os.path.join(work, "rate.h5"), "lif": os.path.join(work, "lif.h5"),
            "scn": os.path.join(work, "scn.h5")}
    args = {
        "rate": ["run", os.path.join(EXAMPLES, "sparse-balance-N=K=500-T=200.ini"), "--network.N=200",
                 "--network.K=200", "--run.T=20", "--record.ncorr=5", "--output.trace_units=10",
                 "--meanfield.enabled=true"],
        "lif": ["run", os.path.join(EXAMPLES, "brunel-AI-small.ini"), "--lif.n_e=1000", "--lif.n_i=250",
                "--lif.T=300", "--lif.warmup=100", "--lif_output.v_traces=5"],
        "scn": ["run", os.path.join(EXAMPLES, "scn-2d-tracking-N=100.ini"), "--scn.T=300",
                "--scn_knockout.kind=random", "--scn_knockout.time=150"],
    }
    for model, path in runs.items():
        p = balnet(a, args[model] + ["--output.file=" + path], a.np)
        check(f"{model} run", p.returncode == 0, f"rc = {p.returncode}")
    return runs


SCAN_INI = """[scan]
name = python-package
base = {base}
combine = product
repetitions = 1
seed_start = 1

[set]
lif.n_e = 600
lif.n_i = 150
lif.c_e = 120
lif.c_i = 30
lif.j = 0.33
lif.T = 250
lif.warmup = 50
lif_output.v_traces = 0

[vary]
lif.g = 4.5, 6
lif.eta = 1.5, 2.5

[resources]
ranks = 1
time = 00:05:00
aggregate_time = 00:05:00
"""


def make_scan(a, work):
    ini = os.path.join(work, "lif-scan.ini")
    with open(ini, "w") as fh:
        fh.write(SCAN_INI.format(base=os.path.join(EXAMPLES, "brunel-AI-small.ini")))
    out = os.path.join(work, "scan")
    shutil.rmtree(out, ignore_errors=True)
    p = sh([a.balnet, "scan", ini, "--out", out, "--local", "2"])
    check("LIF scan", p.returncode == 0 and os.path.exists(os.path.join(out, "aggregate.csv")), f"rc = {p.returncode}")
    return out


# ----------------------------------------------------------------------------- one run
def check_common(model, path):
    r = bn.Run(path)
    with h5py.File(path, "r") as f:
        check(f"{model}: model and status", r.model == model and r.status == "complete", f"{r.model} {r.status}")
        cfg = {k: text(v) for k, v in f["config"].attrs.items() if k != "ini"}
        check(f"{model}: configuration", r.config == cfg and r.config_ini == text(f["config"].attrs["ini"]))
        check(f"{model}: provenance", all(str(r.provenance[k]) == text(f.attrs[k]) for k in
                                          ("balnet_version", "git_sha", "command_line", "model"))
              and r.provenance["n_ranks"] == int(f.attrs["n_ranks"]))
        scal = {}
        f["analysis"].visititems(lambda n, o: scal.__setitem__(n, float(o[()]))
                                 if isinstance(o, h5py.Dataset) and o.shape == () else None)
        mine = {k: v for k, v in r.analysis.items()}
        mine.update({f"populations/{p}/{k}": v for p, d in r.populations.items() for k, v in d.items()})
        mine.update({f"{g}/{k}": v for g, d in r.observables.items() for k, v in d.items()})
        check(f"{model}: every /analysis scalar", same_dict(mine, scal), f"{len(mine)} vs {len(scal)} values")
        sc = r.scalars()
        check(f"{model}: scalars() columns", all(same(sc["analysis/" + k], v) for k, v in scal.items()))
    return r


def check_lif(path):
    r = check_common("lif", path)
    with h5py.File(path, "r") as f:
        t0, t1 = (float(v) for v in f["analysis"].attrs["window_ms"])
        sizes = dict(zip([text(n) for n in f["network"].attrs["population_names"]],
                         (int(s) for s in f["network"].attrs["population_sizes"])))
        check("lif: populations", r.spike_populations() == ["E", "I"] and r.population_sizes == sizes, str(sizes))
        df = r.spikes_frame()
        total = 0
        for p in ("E", "I"):
            ts, ids = f[f"spikes/{p}/timestamps"][()], f[f"spikes/{p}/node_ids"][()].astype(np.int64)
            total += ts.size
            t, i = r.spikes(p)
            check(f"lif {p}: spikes = /spikes/{p}", np.array_equal(t, ts) and np.array_equal(i, ids), f"{ts.size} spikes")
            sub = df[df.population == p]
            check(f"lif {p}: DataFrame rows", len(sub) == ts.size and np.array_equal(sub.time_ms.to_numpy(), ts)
                  and np.array_equal(sub.node_id.to_numpy(), ids))
            n = sizes[p]
            sel = (ts >= t0) & (ts < t1)  # the analysis window [t0, t1)
            counts = np.bincount(ids[sel], minlength=n)
            check(f"lif {p}: spike_counts over the window", np.array_equal(r.spike_counts(p, t0, t1), counts))
            trains = r.spike_trains(p)
            check(f"lif {p}: spike trains", len(trains) == n and sum(len(x) for x in trains) == ts.size
                  and all(np.all(np.diff(x) >= 0) for x in trains[:50]))
            rate = counts.sum() / (n * (t1 - t0) * 1e-3)
            check(f"lif {p}: rate = count / (N T)", close(r.populations[p]["rate"], rate),
                  f"{r.populations[p]['rate']} vs {rate}")
            check(f"lif {p}: neuron rates = counts / T",
                  np.allclose(r.population_curves[p]["neuron_rates"], counts / ((t1 - t0) * 1e-3), rtol=1e-12, atol=0))
            sim, pred, rel = r.comparison["siegert"][f"{p}.rate"]
            check(f"lif {p}: Siegert next to the simulation", sim == float(f[f"analysis/populations/{p}/rate"][()])
                  and pred == float(f[f"meanfield/siegert/{p}/rate"][()]) and close(rel, (sim - pred) / pred))
        check("lif: DataFrame of all spikes", len(df) == total and list(df.columns) == ["population", "node_id", "gid", "time_ms"])
        off = dict(zip(sizes, f["network"].attrs["population_offsets"]))
        check("lif: DataFrame gid = offset + node_id", np.array_equal(df.gid.to_numpy(), df.node_id.to_numpy()
                                                                      + df.population.map(off).astype(np.int64).to_numpy()))
        tr = r.trace("E", "V")
        check("lif: V traces with their time axis", np.array_equal(tr.values, f["state/E/V"][()])
              and np.array_equal(tr.time, f["state/E/time"][()]) and tr.units == "mV" and tr.time_units == "ms"
              and np.array_equal(tr.ids, f["state/E/node_ids"][()].astype(np.int64)))
        mf = r.meanfield_frame()
        check("lif: meanfield_frame", len(mf) == 4 and set(mf.observable) == {"rate", "cv"}
              and set(mf.population) == {"E", "I"} and (mf.closure == "siegert").all(), f"{len(mf)} rows")
    if bn.have_neo():
        seg = r.to_neo()
        n_spikes = sum(st.size for st in seg.spiketrains)
        check("lif: Neo SpikeTrains", len(seg.spiketrains) == sum(r.population_sizes.values())
              and n_spikes == total and all(float(st.t_stop) >= float(st.max()) for st in seg.spiketrains if st.size)
              and str(seg.spiketrains[0].units.dimensionality) == "ms", f"{len(seg.spiketrains)} trains, {n_spikes} spikes")
    else:
        print("SKIP lif: Neo SpikeTrains (python3-neo not installed)")
        try:
            r.to_neo()
            check("lif: to_neo without Neo raises ImportError", False)
        except ImportError as e:
            check("lif: to_neo without Neo raises ImportError", "python3-neo" in str(e))


def check_rate(path):
    r = check_common("rate", path)
    with h5py.File(path, "r") as f:
        for var in ("x", "phi", "eta"):
            tr = r.trace("I", var)
            check(f"rate: trace I.{var}", np.array_equal(tr.values, f[f"state/I/{var}"][()])
                  and np.array_equal(tr.time, f["state/time"][()]) and tr.time_units == "tau")
        check("rate: no spikes", r.spike_populations() == [])
        cmp = f["meanfield/comparison"]
        mf = r.meanfield_frame()
        ok = True
        for c, g in cmp.items():
            names = [text(n) for n in g.attrs["observables"]]
            rows = mf[mf.closure == c].set_index("observable")
            ok &= list(rows.index) == names and np.array_equal(rows.simulated.to_numpy(), g["simulated"][()]) \
                and np.array_equal(rows.predicted.to_numpy(), g["predicted"][()])
        check("rate: meanfield_frame = /meanfield/comparison", ok and len(mf) > 0, f"{len(mf)} rows")
        check("rate: curves", np.array_equal(r.curve("R_eta"), f["analysis/R_eta"][()])
              and np.array_equal(r.on_fraction(), f["analysis/on_fraction"][()]))


def check_scn(path):
    r = check_common("scn", path)
    with h5py.File(path, "r") as f:
        ts, ids = f["spikes/scn/timestamps"][()], f["spikes/scn/node_ids"][()].astype(np.int64)
        t, i = r.spikes()
        check("scn: spikes = /spikes/scn", np.array_equal(t, ts) and np.array_equal(i, ids), f"{ts.size} spikes")
        t0, t1 = (float(v) for v in f["analysis"].attrs["window_ms"])
        n = int(f["network/decoder"].shape[1])
        counts = r.spike_counts("scn", t0, t1)
        check("scn: rate = count / (N T)", close(r.analysis["rate"], counts.sum() / (n * (t1 - t0) * 1e-3)))
        x, xh = r.trace("signal", "x"), r.trace("signal", "xhat")
        check("scn: signal and read-out with their time axis", np.array_equal(x.values, f["signal/x"][()])
              and np.array_equal(xh.values, f["signal/xhat"][()]) and np.array_equal(x.time, f["signal/time"][()]))
        e = r.trace("currents", "E")
        check("scn: current traces", np.array_equal(e.values, f["state/currents/E"][()])
              and np.array_equal(e.ids, f["state/currents/gids"][()]))
        check("scn: no mean field", r.meanfield_frame().empty)


# ----------------------------------------------------------------------------- scan
def check_scan(a, out):
    s = bn.open_scan(out)
    check("scan: one row per task", len(s) == 4 and s.model == "lif", f"{len(s)} rows")
    check("scan: varied parameters", s.varied == ["lif.g", "lif.eta"], str(s.varied))
    with open(os.path.join(out, "aggregate.csv"), newline="") as fh:
        agg = {row["id"]: row for row in csv.DictReader(fh)}
    ok = True
    for _, row in s.frame.iterrows():
        ref = agg[str(row["id"])]
        with h5py.File(row["file"], "r") as f:
            ok &= float(row["analysis/populations/E/rate"]) == float(f["analysis/populations/E/rate"][()]) == float(ref["analysis/populations/E/rate"])
            ok &= float(row["meanfield/siegert/rate"]) == float(ref["meanfield/siegert/rate"])
            ok &= float(row["lif.g"]) == float(ref["lif.g"])
    check("scan: frame = task files = aggregate.csv", ok)
    t = bn.open_scan(os.path.join(out, "tasks"))
    check("scan: tasks/ folder", len(t) == 4 and t.varied == ["lif.g", "lif.eta"])
    c = bn.open_scan(os.path.join(out, "aggregate.csv"))
    check("scan: aggregate.csv", len(c) == 4 and sorted(c.varied) == ["lif.eta", "lif.g"]
          and np.allclose(np.sort(c.frame["analysis/populations/E/rate"].to_numpy(float)),
                          np.sort(s.frame["analysis/populations/E/rate"].to_numpy(float)), rtol=1e-15, atol=0))
    check("scan: observable columns", s.simulated("rate", "E") == "analysis/populations/E/rate"
          and s.theory_columns("rate", "E") == {"siegert": "meanfield/siegert/E/rate"})
    os.environ["BALNET_MFT_CACHE"] = "off"  # this test times real `balnet mft` calls, not a cache
    grid, cols = s.theory_curve("lif.g", {"lif.eta": 1.5}, n=5, balnet=a.balnet)
    th = cols.get("meanfield/siegert/E/rate")
    check("scan: theory on a fine grid", th is not None and grid.size == 5 and np.isfinite(th).all()
          and np.all(np.diff(th) < 0), f"g = {grid}, rate = {th}")  # more inhibition, lower rate
    sub = s.frame[s.frame["lif.eta"] == 1.5]
    at = {float(g): float(v) for g, v in zip(sub["lif.g"], sub["meanfield/siegert/E/rate"])}
    ok = th is not None and all(close(th[np.flatnonzero(grid == g)[0]], v, 1e-8) for g, v in at.items())
    check("scan: fine-grid theory = stored prediction at the simulated g", ok, str(at))


# ----------------------------------------------------------------------------- plots
def figure_ok(png, min_dpi=150):
    """PNG not blank (check_png), at >= min_dpi (its pHYs chunk), and a PDF beside it."""
    check_png(png)
    pdf = os.path.splitext(png)[0] + ".pdf"
    head = b""
    if os.path.exists(pdf):
        with open(pdf, "rb") as fh:
            head = fh.read(5)
    check(os.path.basename(pdf) + " is a PDF", head == b"%PDF-")
    try:
        from PIL import Image
    except ImportError:
        print(f"SKIP {os.path.basename(png)} dpi (no PIL)")
        return
    if os.path.exists(png):
        dpi = Image.open(png).info.get("dpi", (0, 0))
        check(os.path.basename(png) + f" >= {min_dpi} dpi", min(dpi) >= min_dpi - 0.5, str(dpi))


def tool(name, *args):
    return sh([sys.executable, os.path.join(TOOLS, name), *args])


def check_plots(a, runs, scan_dir, work):
    figs = os.path.join(work, "figures")
    shutil.rmtree(figs, ignore_errors=True)
    expected = {"rate": ["traces", "x_distribution", "acf_eta", "on_time"],
                "lif": ["raster", "distributions", "voltage", "siegert"],
                "scn": ["signal", "raster", "currents"]}
    for model, path in runs.items():
        p = tool("plot_run.py", path, "--out", figs, "--prefix", "run_" + model)
        check(f"plot_run.py on the {model} run", p.returncode == 0, f"rc = {p.returncode}")
        for k in expected[model]:
            figure_ok(os.path.join(figs, f"run_{model}_{k}.png"))
    p = tool("plot_lif.py", runs["lif"], "--out", figs)
    check("plot_lif.py", p.returncode == 0, f"rc = {p.returncode}")
    for k in expected["lif"]:
        figure_ok(os.path.join(figs, f"lif_{k}.png"))
    p = tool("plot_scn.py", runs["scn"], "--out", figs)
    check("plot_scn.py", p.returncode == 0, f"rc = {p.returncode}")
    for k in expected["scn"]:
        figure_ok(os.path.join(figs, f"scn_{k}.png"))
    # Scans: the LIF default (y = rate, theory = Siegert on a fine grid, the 2-D map).
    for src, stem in ((scan_dir, "scan"), (os.path.join(scan_dir, "tasks"), "tasks")):
        out = os.path.join(figs, f"{stem}_rate.png")
        p = tool("plot_scan.py", src, "--balnet", a.balnet, "--fine", "5", "--out", out)
        check(f"plot_scan.py on the {stem} folder", p.returncode == 0, f"rc = {p.returncode}")
        check(f"plot_scan.py on the {stem} folder: theory on a fine grid", "at the simulated points" not in p.stderr,
              p.stderr.strip()[-300:])
        figure_ok(out)
        figure_ok(os.path.join(figs, f"{stem}_rate_relerr.png"))
    # Nothing to plot: a message, a non-zero exit code, no file.
    empty = os.path.join(work, "empty")
    os.makedirs(empty, exist_ok=True)
    not_a_run = os.path.join(work, "not-a-run.h5")
    with open(not_a_run, "w") as fh:
        fh.write("not HDF5\n")
    cases = [("plot_scan.py on an empty folder", "plot_scan.py", [empty, "--out", os.path.join(figs, "none1.png")], "none1"),
             ("plot_scan.py, an observable the LIF runs lack", "plot_scan.py",
              [scan_dir, "--y", "m", "--fine", "0", "--out", os.path.join(figs, "none2.png")], "none2"),
             ("plot_lif.py on a rate run", "plot_lif.py", [runs["rate"], "--out", figs, "--prefix", "none3"], "none3"),
             ("plot_scn.py on a LIF run", "plot_scn.py", [runs["lif"], "--out", os.path.join(figs, "none4")], "none4"),
             ("plot_run.py on a file that is no run", "plot_run.py", [not_a_run, "--out", figs, "--prefix", "none5"], "none5")]
    for name, script, args, stem in cases:
        p = tool(script, *args)
        left = [f for f in os.listdir(figs) if f.startswith(stem)] + \
            (os.listdir(os.path.join(figs, stem)) if os.path.isdir(os.path.join(figs, stem)) else [])
        check(name + ": exits non-zero with a message, writes nothing",
              p.returncode != 0 and p.stderr.strip() != "" and "wrote" not in p.stdout and not left,
              f"rc = {p.returncode}: {p.stderr.strip()[-200:]}")


def check_one_liner(work):
    """The documented set-up: PYTHONPATH=<repository>/python, from any folder."""
    env = dict(os.environ, PYTHONPATH=os.path.join(SRC, "python"))
    p = subprocess.run([sys.executable, "-c", "import balnet, balnet.plots.lif, balnet.plots.scan; print(balnet.__file__)"],
                       capture_output=True, text=True, cwd=work, env=env)
    check("PYTHONPATH=$PWD/python one-liner", p.returncode == 0 and
          os.path.realpath(p.stdout.strip()).startswith(os.path.realpath(os.path.join(SRC, "python"))), p.stderr.strip()[-200:])


def main():
    a = arguments()
    work = os.path.abspath(a.work)
    runs = make_runs(a, work)
    scan_dir = make_scan(a, work)
    if all(os.path.exists(p) for p in runs.values()):
        check_lif(runs["lif"])
        check_rate(runs["rate"])
        check_scn(runs["scn"])
    if os.path.exists(os.path.join(scan_dir, "aggregate.csv")):
        check_scan(a, scan_dir)
    check_plots(a, runs, scan_dir, work)
    check_one_liner(work)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
