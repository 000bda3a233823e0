#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""balnet side by side with Auryn and Brian2 on one machine, in one call (issue 15).

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
usage: compare_peers.py --balnet build/balnet [--auryn DIR] [--brian2] [--bench brunel large coba]
                        [--ranks 1 2] [--reps 3] [--work /tmp/balnet_peers] [--mpiexec mpiexec]
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
           "coba": {"n_e": 3200, "n_i": 800, "t_ms": 1000}}


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
        out = self.out = os.path.join(work, f"balnet_{bench}.h5")
        if bench == "coba":
            self.args = [os.path.join(SRC, "inputs", "examples", "coba.ini"), "--output.file=" + out]
        else:
            ini = os.path.join(work, f"balnet_{bench}.ini")
            with open(ini, "w") as fh:
                fh.write(BRUNEL.format(out=out, **BENCHES[bench]))
            self.args = [ini]
        self.args += ["--lif.T=%g" % BENCHES[bench]["t_ms"], "--overwrite", "--run.memory_check=false"]
        return True

    def run(self, ranks):
        out, wall, cpu, rss = timed(launcher(self.a, ranks) + [self.a.balnet, "run", *self.args])
        rate = float(re.search(r"E: rate ([0-9.eE+-]+) Hz", out).group(1))
        import h5py  # the run's own timing: its wall time after the network was built
        with h5py.File(self.out, "r") as f:
            own = float(f["timing/wall"][()]) - float(max(f["timing/profile/build"][()]))
        return {"wall": wall, "cpu": cpu, "rss": rss, "own": own, "rate": rate}


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
        if bench == "large":
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


def table(results, peers):
    print("\n| benchmark | ranks | peer | wall s | CPU s | own s | peak MiB | E rate Hz | "
          "balnet/peer wall | balnet/peer CPU |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (bench, ranks), per in results.items():
        base = per.get("balnet")
        for name in [p.name for p in peers]:
            runs = per.get(name)
            if not runs:
                continue
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            ratio = "" if name == "balnet" else (
                f"{statistics.median(r['wall'] for r in base) / med['wall']:.2f} | "
                f"{statistics.median(r['cpu'] for r in base) / med['cpu']:.2f}")
            print(f"| {bench} | {ranks} | {name} | {med['wall']:.2f} | {med['cpu']:.2f} | {med['own']:.2f} | "
                  f"{med['rss']:.0f} | {med['rate']:.2f} | {ratio} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--balnet", required=True)
    ap.add_argument("--auryn", default="")
    ap.add_argument("--brian2", action="store_true")
    ap.add_argument("--bench", nargs="+", default=["brunel", "large", "coba"], choices=sorted(BENCHES))
    ap.add_argument("--ranks", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--rate-tolerance", type=float, default=0.05,
                    help="largest relative difference of a peer's E rate from balnet's")
    ap.add_argument("--work", default="/tmp/balnet_peers")
    ap.add_argument("--mpiexec", default="mpiexec")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    PEAK_RSS.append(peak_rss_tool(a.work))
    peers = [Balnet(a)] + ([Auryn(a)] if a.auryn else []) + ([Brian2(a)] if a.brian2 else [])
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"compare_peers: {time.strftime('%Y-%m-%d %H:%M %Z')}, {platform.node()}, {cpu}, "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}", flush=True)
    results, bad = {}, []
    for bench in a.bench:
        ready = [p for p in peers if p.prepare(bench, a.work)]
        for ranks in a.ranks:
            per = results.setdefault((bench, ranks), {})
            for rep in range(a.reps):
                for p in ready:  # alternately: one run of each peer per round
                    r = p.run(ranks)
                    if r is None:
                        continue
                    per.setdefault(p.name, []).append(r)
                    print(f"{bench} np{ranks} round {rep + 1} {p.name}: wall {r['wall']:.2f} s, CPU {r['cpu']:.2f} s, "
                          f"own {r['own']:.2f} s, {r['rss']:.0f} MiB, E {r['rate']:.2f} Hz", flush=True)
                    ref = per["balnet"][-1]["rate"]
                    if abs(r["rate"] - ref) > p.tolerance(bench, a.rate_tolerance) * ref:
                        bad.append(f"{bench} np{ranks} {p.name}: E rate {r['rate']:.2f} vs balnet {ref:.2f} Hz")
    table(results, peers)
    for b in bad:
        print("RATES DIFFER:", b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
