#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""balnet side by side with Auryn, Brian2 and NEST on one machine, in one call (issues 15, 17).

Every speed claim against another simulator comes from this script: a figure from another day,
CPU or load proves nothing. It builds the peers' versions of three benchmarks, runs them and
balnet alternately (balnet, Auryn, Brian2, balnet, Auryn, ... `--reps` rounds), checks that their
excitatory rates agree, and prints the medians, the ratios balnet / peer and the peak memory.

benchmarks (docs/models.md §2.2 and §2.3 for the models):
  brunel  Brunel's model A: 10 000 E + 2 500 I neurons, C_E = 1000, C_I = 250, J = 0.1 mV, g = 5,
          eta = 2, D = 1.5 ms, h = 0.1 ms, 1 s; balnet with its default analysis (500 recorded
          neurons, population histograms, spectra, pair correlations).
  large   the same at N_E = 80 000, N_I = 20 000 (125 M synapses), 0.2 s.
  coba    Brette et al. (2007) COBA, 4000 neurons, 1 s (inputs/examples/coba.ini).
  microcircuit  Potjans & Diesmann (2014), docs/models.md §2.7: 77 169 neurons, 3.0e8 synapses at
          full scale (--mc-scale S for lif.scale = lif.k_scale = S, quick checks), 1 s from t = 0;
          balnet as tools/bench/bench_microcircuit.py runs it (inputs/examples/microcircuit.ini,
          lif.warmup = 0, no recorded neurons) against NEST only (--nest), NEST with as many
          OpenMP threads as balnet has ranks (and, with --nest-mpi, as many MPI ranks of one
          thread). Not in the default --bench list (full scale: minutes per run, ~10 GiB).
          Printed per run: build s (balnet: /timing/profile/build, slowest rank; NEST: Create +
          Connect + Prepare, as its example times it), sim s (balnet: update + exchange + record,
          slowest rank; NEST: Simulate), RTF = sim / T, and the 8 population rates (spike counts
          / N / T), each checked against balnet's within --rate-tolerance.
Times: the whole process, measured from outside (start-up, network build, simulation, output:
what a user waits for), wall and CPU (user + system of the process and its children), and peak
memory (largest resident set of one process). Each peer's own timer of the simulation after the
network build ("own") is printed too: balnet's /timing/wall less its build phase, Auryn's time in
sys->run, Brian2's last_run_info (net.run).

Peers:
  Auryn  --auryn DIR: an Auryn source tree built with its own CMake (Release), e.g.
           git clone https://github.com/fzenke/auryn DIR && cd DIR && mkdir -p build/release &&
           cd build/release && cmake ../.. -DCMAKE_BUILD_TYPE=Release && make -j auryn
         (Debian packages: libboost-{mpi,serialization,program-options,date-time,test,system,
         filesystem}-dev). The benchmark programs in tools/bench/peers/ are compiled against it.
         Auryn builds itself with -march=native -ffast-math; that is its default and is kept.
  Brian2 --brian2: Debian's python3-brian, C++ standalone mode, one thread, compiled once per
         benchmark before the timing (its default flags); brunel and coba only.
  NEST   --nest PREFIX: NEST's kernel built with its own CMake, its headers and its three static
         libraries installed to PREFIX (NEST installs no library when built without Python);
         tools/bench/peers/nest_microcircuit.cpp is compiled against it. As built for
         tools/bench/results/microcircuit-nest.md (NEST 3.10-develop, commit 84b06d8d4; Debian
         packages: libboost-dev, libopenmpi-dev):
           git clone https://github.com/nest/nest-simulator SRC &&
           CMAKE_CXX_COMPILER_LAUNCHER=ccache tools/bench/peers/nest_build.sh SRC BUILD PREFIX
         which runs cmake -DCMAKE_BUILD_TYPE=Release (NEST's -O2, then -O3 -DNDEBUG: NEST's
         asserts off) -Dwith-python=OFF -Dwith-gsl=OFF -Dwith-ltdl=OFF -Dwith-mpi=ON
         -Dwith-openmp=ON -Dwith-models="iaf_psc_exp;poisson_generator;dc_generator;
         spike_recorder;static_synapse", make -j2 nestkernel models nestutil, and the installs.
         microcircuit only.
usage: compare_peers.py --balnet build/balnet [--auryn DIR] [--brian2] [--nest PREFIX [--nest-mpi]]
                        [--bench brunel large coba microcircuit] [--mc-scale 1] [--ranks 1 2]
                        [--reps 3] [--work /tmp/balnet_peers] [--mpiexec mpiexec]
"""
import argparse
import glob
import os
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, "..", ".."))
PEAK_RSS = []  # the path of the compiled peak_rss helper, set by main()
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMPI_MCA_rmaps_base_oversubscribe="1")

BRUNEL = """[run]
model = lif
seed = 1
[lif]
n_e = {n_e}
n_i = {n_i}
c_e = 1000
c_i = 250
j = 0.1
g = 5
eta = 2
delay = 1.5
dt = 0.1
T = {t_ms}
warmup = 0
[output]
file = {out}
"""
BENCHES = {"brunel": {"n_e": 10000, "n_i": 2500, "t_ms": 1000},
           "large": {"n_e": 80000, "n_i": 20000, "t_ms": 200},
           "coba": {"n_e": 3200, "n_i": 800, "t_ms": 1000},
           "microcircuit": {"t_ms": 1000}}
MC_POPS = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"]
MC_SEED = 55  # inputs/examples/microcircuit.ini's run.seed, also NEST's example's rng_seed


def peak_rss_tool(work):
    """tools/bench/peers/peak_rss.c compiled into `work` (see its comment for why)."""
    exe = os.path.join(work, "peak_rss")
    subprocess.run(["cc", "-O2", os.path.join(HERE, "peers", "peak_rss.c"), "-o", exe], check=True)
    return exe


def timed(cmd, cwd=None):
    """Runs cmd; returns (output, wall s, CPU s, peak RSS MiB) of it and its children."""
    t0 = time.perf_counter()
    p = subprocess.Popen([PEAK_RSS[0], *cmd], cwd=cwd, env=ENV, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{out[-2000:]}")
    rss_kib = float(re.findall(r"^peak_rss_kib (\d+)", out, re.M)[-1])
    return out, wall, ru.ru_utime + ru.ru_stime, rss_kib / 1024.0


def launcher(a, ranks):
    return [a.mpiexec, "-n", str(ranks), "--bind-to", "none"] if ranks > 1 else []


class Peer:
    def tolerance(self, bench, default):
        return default


class Balnet(Peer):
    name = "balnet"

    def __init__(self, a):
        self.a = a

    def prepare(self, bench, work):
        self.bench = bench
        out = self.out = os.path.join(work, f"balnet_{bench}.h5")
        if bench == "coba":
            self.args = [os.path.join(SRC, "inputs", "examples", "coba.ini"), "--output.file=" + out]
        elif bench == "microcircuit":  # as tools/bench/bench_microcircuit.py runs it
            s = self.a.mc_scale
            self.args = [os.path.join(SRC, "inputs", "examples", "microcircuit.ini"), "--output.file=" + out,
                         f"--lif.scale={s}", f"--lif.k_scale={s}", "--lif.warmup=0", "--lif_analysis.n_record=0"]
        else:
            ini = os.path.join(work, f"balnet_{bench}.ini")
            with open(ini, "w") as fh:
                fh.write(BRUNEL.format(out=out, **BENCHES[bench]))
            self.args = [ini]
        self.args += ["--lif.T=%g" % BENCHES[bench]["t_ms"], "--overwrite", "--run.memory_check=false"]
        return True

    def run(self, ranks):
        out, wall, cpu, rss = timed(launcher(self.a, ranks) + [self.a.balnet, "run", *self.args])
        import h5py  # the run's own timing: its wall time after the network was built
        with h5py.File(self.out, "r") as f:
            prof = {k: f["timing/profile/" + k][()] for k in f["timing/profile"]}  # min, mean, max
            r = {"wall": wall, "cpu": cpu, "rss": rss, "own": float(f["timing/wall"][()]) - float(max(prof["build"]))}
            if self.bench != "microcircuit":
                r["rate"] = float(re.search(r"E: rate ([0-9.eE+-]+) Hz", out).group(1))
                return r
            # bench_microcircuit.py's build and sim; the rates of /analysis (window [0, T]).
            r["build"] = float(prof["build"][2])
            r["sim"] = max(u + e + c for u, e, c in zip(prof["update"], prof["exchange"], prof["record"]))
            r["rates"] = [float(f[f"analysis/populations/{p}/rate"][()]) for p in MC_POPS]
        r["rss_all"], r["rate"] = rss * ranks, r["rates"][0]
        return r


class Auryn(Peer):
    name = "Auryn"

    def tolerance(self, bench, default):
        # Auryn connects Bernoulli (in-degrees spread by ~sqrt(C)); balnet's model A has a fixed
        # in-degree. The spread raises the mean rate of the AI state by 5-8 % (measured; Brian2 on
        # balnet's fixed in-degree agrees within 1 %), so Auryn's Brunel rates get twice the band.
        return 2 * default if bench != "coba" else default

    def __init__(self, a):
        self.a = a

    def prepare(self, bench, work):
        lib = glob.glob(os.path.join(self.a.auryn, "build", "release", "src", "libauryn.a"))
        if not lib:
            sys.exit(f"no libauryn.a under {self.a.auryn}/build/release/src: build Auryn first (see --help)")
        if bench == "microcircuit":
            return False
        prog = "coba" if bench == "coba" else "brunel"
        self.exe = os.path.join(work, f"auryn_{prog}")
        src = os.path.join(HERE, "peers", f"auryn_{prog}.cpp")
        newest = max(os.path.getmtime(f) for f in (src, os.path.join(HERE, "peers", "auryn_report.hpp")))
        if not os.path.exists(self.exe) or os.path.getmtime(self.exe) < newest:
            cmd = ["mpicxx", "-O3", "-march=native", "-ffast-math", "-std=c++17", src,
                   "-I" + os.path.join(self.a.auryn, "src"), lib[0], "-o", self.exe,
                   "-lboost_mpi", "-lboost_serialization", "-lboost_program_options",
                   "-lboost_filesystem", "-lboost_system", "-lboost_date_time"]
            print("+", " ".join(cmd), flush=True)
            subprocess.run(cmd, check=True)
        b = BENCHES[bench]
        self.args = ["--simtime", str(b["t_ms"] / 1000.0), "--dir", work]
        if prog == "brunel":
            self.args += ["--ne", str(b["n_e"]), "--ni", str(b["n_i"])]
        return True

    def run(self, ranks):
        out, wall, cpu, rss = timed(launcher(self.a, ranks) + [self.exe, *self.args])
        lines = re.findall(r"auryn rank \d+: build ([0-9.e+-]+) s simulation ([0-9.e+-]+) s E rate ([0-9.e+-]+) Hz", out)
        rate = statistics.fmean(float(r) for _, _, r in lines)  # equal blocks of neurons per rank
        return {"wall": wall, "cpu": cpu, "rss": rss, "own": max(float(s) for _, s, _ in lines), "rate": rate}


class Brian2(Peer):
    name = "Brian2"

    def __init__(self, a):
        self.a = a

    def prepare(self, bench, work):
        if bench in ("large", "microcircuit"):
            return False
        self.dir = os.path.join(work, f"brian2_{bench}")
        self.n_e, self.t_s = BENCHES[bench]["n_e"], BENCHES[bench]["t_ms"] / 1000.0
        script = os.path.join(HERE, "peers", "brian2_models.py")
        exe = os.path.join(self.dir, "main")
        if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(script):  # minutes: once
            subprocess.run([sys.executable, script, bench, self.dir, str(BENCHES[bench]["t_ms"])], check=True)
        return True

    def run(self, ranks):
        if ranks != 1:
            return None
        out, wall, cpu, rss = timed(["./main"], cwd=self.dir)
        # The spike monitor of the E population: its neuron indices, int32, in results/.
        files = glob.glob(os.path.join(self.dir, "results", "_dynamic_array_spikemonitor_i*"))
        spikes = os.path.getsize(files[0]) // 4
        with open(os.path.join(self.dir, "results", "last_run_info.txt")) as fh:
            own = float(fh.read().split()[0])
        return {"wall": wall, "cpu": cpu, "rss": rss, "own": own, "rate": spikes / self.n_e / self.t_s}


class Nest(Peer):
    """NEST's kernel through tools/bench/peers/nest_microcircuit.cpp: at `ranks`, one process of
    `ranks` OpenMP threads, or (mpi) `ranks` MPI processes of one thread each."""

    def __init__(self, a, mpi=False):
        self.a, self.mpi = a, mpi
        self.name = "NEST-mpi" if mpi else "NEST"

    def prepare(self, bench, work):
        if bench != "microcircuit":
            return False
        prefix = self.a.nest
        libs = [os.path.join(prefix, "lib", f"lib{n}.a") for n in ("nestkernel", "models", "nestutil")]
        config = os.path.join(prefix, "include", "nest", "config.h")
        if not all(os.path.exists(f) for f in libs + [config]):
            sys.exit(f"no NEST kernel under {prefix} (include/nest/config.h, lib/libnestkernel.a ...): "
                     "build NEST first (see --help)")
        with open(config) as fh:
            has_mpi = re.search(r"^#define HAVE_MPI 1", fh.read(), re.M) is not None
        if self.mpi and not has_mpi:
            sys.exit(f"--nest-mpi: the NEST under {prefix} was built without MPI")
        self.exe = os.path.join(work, "nest_microcircuit")
        src = os.path.join(HERE, "peers", "nest_microcircuit.cpp")
        if not os.path.exists(self.exe) or os.path.getmtime(self.exe) < max(map(os.path.getmtime, [src] + libs)):
            # The libraries hold NEST's code; this file only calls the kernel (its own flags).
            cmd = ["mpicxx" if has_mpi else "c++", "-O2", "-std=c++20", "-fopenmp", src,
                   "-I" + os.path.join(prefix, "include", "nest"), "-Wl,--start-group", *libs, "-Wl,--end-group",
                   "-o", self.exe]
            print("+", " ".join(cmd), flush=True)
            subprocess.run(cmd, check=True)
        self.args = [f"scale={self.a.mc_scale}", f"T={BENCHES[bench]['t_ms']:g}", f"seed={MC_SEED}"]
        return True

    def run(self, ranks):
        if self.mpi and ranks == 1:
            return None  # the same as one thread
        procs, threads = (ranks, 1) if self.mpi else (1, ranks)
        out, wall, cpu, rss = timed(launcher(self.a, procs) + [self.exe, *self.args, f"threads={threads}"])
        build, sim = (float(x) for x in re.search(r"^build ([0-9.e+-]+) s sim ([0-9.e+-]+) s", out, re.M).groups())
        rates = {p: float(v) for p, v in re.findall(r"^rate (\w+) ([0-9.e+-]+) Hz", out, re.M)}
        n_syn = float(re.search(r"^neurons \d+ synapses (\d+)", out, re.M).group(1))
        return {"wall": wall, "cpu": cpu, "rss": rss, "rss_all": rss * procs, "own": sim, "build": build,
                "sim": sim, "rates": [rates[p] for p in MC_POPS], "rate": rates[MC_POPS[0]], "synapses": n_syn}


def rate_mismatches(bench, ranks, name, r, ref, tol):
    """Lines naming each rate of run r further than tol (relative) from balnet's run ref."""
    pairs = zip(MC_POPS, r["rates"], ref["rates"]) if "rates" in r else [("E", r["rate"], ref["rate"])]
    return [f"{bench} np{ranks} {name}: {p} rate {x:.3f} vs balnet {y:.3f} Hz" for p, x, y in pairs
            if abs(x - y) > tol * y]


def describe(r):
    line = f"wall {r['wall']:.2f} s, CPU {r['cpu']:.2f} s, own {r['own']:.2f} s, {r['rss']:.0f} MiB, "
    if "rates" not in r:
        return line + f"E {r['rate']:.2f} Hz"
    return line + (f"build {r['build']:.2f} s, sim {r['sim']:.2f} s, rates "
                   + " ".join(f"{x:.3f}" for x in r["rates"]) + " Hz")


def mc_table(results, peers, t_ms):
    """The microcircuit's medians: times, RTF, memory, ratios balnet / peer, then the rates."""
    print("\n| ranks | peer | wall s | CPU s | build s | sim s | RTF | peak MiB (all processes) | "
          "balnet/peer sim | balnet/peer build | balnet/peer wall |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    rates = {}
    for (bench, ranks), per in results.items():
        if bench != "microcircuit":
            continue
        med = {name: {k: statistics.median(r[k] for r in runs) for k in runs[0] if k != "rates"}
               for name, runs in per.items()}
        for name in [p.name for p in peers if p.name in per]:
            m, b = med[name], med["balnet"]
            ratio = "| | |" if name == "balnet" else "| ".join(
                f"{b[k] / m[k]:.2f} " for k in ("sim", "build", "wall")) + "|"
            print(f"| {ranks} | {name} | {m['wall']:.1f} | {m['cpu']:.1f} | {m['build']:.1f} | {m['sim']:.1f} | "
                  f"{m['sim'] / (t_ms * 1e-3):.2f} | {m['rss_all']:.0f} | {ratio}")
            for i, p in enumerate(MC_POPS):
                rates.setdefault(p, {}).setdefault(name, []).extend(r["rates"][i] for r in per[name])
    names = [p.name for p in peers if p.name in rates.get(MC_POPS[0], {})]
    print("\nrates [Hz], medians over all runs; difference of each peer from balnet")
    print("| population | " + " | ".join(names) + " | " + " | ".join(f"{n} − balnet" for n in names[1:]) + " |")
    print("|---" * (2 * len(names)) + "|")
    for p in MC_POPS:
        m = [statistics.median(rates[p][n]) for n in names]
        print(f"| {p} | " + " | ".join(f"{x:.3f}" for x in m) + " | "
              + " | ".join(f"{100 * (x / m[0] - 1):+.1f} %" for x in m[1:]) + " |")


def table(results, peers):
    print("\n| benchmark | ranks | peer | wall s | CPU s | own s | peak MiB | E rate Hz | "
          "balnet/peer wall | balnet/peer CPU |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (bench, ranks), per in results.items():
        if bench == "microcircuit":
            continue
        base = per.get("balnet")
        for name in [p.name for p in peers]:
            runs = per.get(name)
            if not runs:
                continue
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            ratio = " | " if name == "balnet" else (
                f"{statistics.median(r['wall'] for r in base) / med['wall']:.2f} | "
                f"{statistics.median(r['cpu'] for r in base) / med['cpu']:.2f}")
            print(f"| {bench} | {ranks} | {name} | {med['wall']:.2f} | {med['cpu']:.2f} | {med['own']:.2f} | "
                  f"{med['rss']:.0f} | {med['rate']:.2f} | {ratio} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--balnet", required=True)
    ap.add_argument("--auryn", default="")
    ap.add_argument("--brian2", action="store_true")
    ap.add_argument("--nest", default="", help="NEST install prefix (microcircuit; see above)")
    ap.add_argument("--nest-mpi", action="store_true", help="also NEST as MPI ranks of one thread")
    ap.add_argument("--bench", nargs="+", default=["brunel", "large", "coba"], choices=sorted(BENCHES))
    ap.add_argument("--mc-scale", type=float, default=1.0,
                    help="microcircuit: lif.scale = lif.k_scale (NEST: scale = k_scale); 1 = full scale")
    ap.add_argument("--ranks", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--rate-tolerance", type=float, default=0.05,
                    help="largest relative difference of a peer's E rate from balnet's")
    ap.add_argument("--work", default="/tmp/balnet_peers")
    ap.add_argument("--mpiexec", default="mpiexec")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    PEAK_RSS.append(peak_rss_tool(a.work))
    peers = [Balnet(a)] + ([Auryn(a)] if a.auryn else []) + ([Brian2(a)] if a.brian2 else []) + (
        [Nest(a)] + ([Nest(a, mpi=True)] if a.nest_mpi else []) if a.nest else [])
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"compare_peers: {time.strftime('%Y-%m-%d %H:%M %Z')}, {platform.node()}, {cpu}, "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}", flush=True)
    results, bad = {}, []
    for bench in a.bench:
        ready = [p for p in peers if p.prepare(bench, a.work)]
        for rep in range(a.reps):  # a round: every rank count, every peer, so all see the same drift
            for ranks in a.ranks:
                per = results.setdefault((bench, ranks), {})
                for p in ready:
                    r = p.run(ranks)
                    if r is None:
                        continue
                    per.setdefault(p.name, []).append(r)
                    print(f"{bench} np{ranks} round {rep + 1} {p.name}: {describe(r)}, load "
                          f"{os.getloadavg()[0]:.2f}", flush=True)
                    bad += rate_mismatches(bench, ranks, p.name, r, per["balnet"][-1],
                                           p.tolerance(bench, a.rate_tolerance))
    if any(bench != "microcircuit" for bench in a.bench):
        table(results, peers)
    if "microcircuit" in a.bench:
        mc_table(results, peers, BENCHES["microcircuit"]["t_ms"])
    print(f"load at the end {os.getloadavg()[0]:.2f}")
    for b in bad:
        print("RATES DIFFER:", b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
