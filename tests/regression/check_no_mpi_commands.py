#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""`balnet --help` and `balnet describe` answer without starting MPI (issue 19): MPI's start-up
costs ~0.4 s per process even for one, which every `--help` paid. The proof is not a time (no
timed assertions): the commands are run with OMPI_MCA_pml=bogus, a setting under which MPI_Init
fails, and must still succeed, while `balnet run` under the same setting fails (the control that
shows the setting does break MPI). describe prints the partition over --ranks N, or over the
processes of the launch it is started in, once. Misplaced command flags are refused (exit 2)
instead of being ignored.
usage: check_no_mpi_commands.py --balnet B --mpiexec M --np N --work DIR
"""
import os
import re
import subprocess
import sys

import regtest
from regtest import check

CUBA = os.path.join(regtest.SRC, "inputs", "examples", "cuba.ini")


def plain(a, args, env_extra=None, mpi_broken=True):
    env = dict(os.environ)
    if mpi_broken:
        env["OMPI_MCA_pml"] = "bogus"
    env.update(env_extra or {})
    print("+", " ".join(args), flush=True)
    return subprocess.run([a.balnet, *args], capture_output=True, text=True, env=env, timeout=120)


def rank_lines(text):
    return re.findall(r"^rank (\d+): gids \[(\d+), (\d+)\)", text, re.M)


def main():
    a = regtest.arguments()
    out = os.path.join(a.work, "control.h5")
    regtest.remove(out)
    p = plain(a, ["run", CUBA, "--output.file=" + out, "--lif.T=10"])
    check("control: with OMPI_MCA_pml=bogus a run cannot start MPI", p.returncode != 0,
          f"rc {p.returncode}")
    for args in (["--help"], ["help"], ["run", "--help"], ["scan", "--help"]):
        p = plain(a, args)
        check(f"balnet {' '.join(args)} without MPI", p.returncode == 0 and "usage" in p.stdout,
              f"rc {p.returncode}: {p.stderr[-200:]}")
    p = plain(a, [])
    check("balnet with no arguments: usage on stderr, exit 2, without MPI",
          p.returncode == 2 and "usage" in p.stderr, f"rc {p.returncode}")

    p = plain(a, ["describe", CUBA, "--ranks", "3"])
    lines = rank_lines(p.stdout)
    # cuba.ini: 4000 neurons; the partition gives the first n % ranks ranks one more neuron.
    check("describe --ranks 3 without MPI: 3 contiguous blocks of the 4000 neurons",
          p.returncode == 0 and "partition over 3 rank(s)" in p.stdout
          and lines == [("0", "0", "1334"), ("1", "1334", "2667"), ("2", "2667", "4000")],
          f"rc {p.returncode}, {lines}")
    launch = {"OMPI_COMM_WORLD_SIZE": "4"}
    p0 = plain(a, ["describe", CUBA], {**launch, "OMPI_COMM_WORLD_RANK": "0"})
    p1 = plain(a, ["describe", CUBA], {**launch, "OMPI_COMM_WORLD_RANK": "1"})
    check("describe in a launch of 4 (launcher's environment): rank 0 prints 4 blocks, rank 1 nothing",
          p0.returncode == 0 and p1.returncode == 0 and len(rank_lines(p0.stdout)) == 4 and p1.stdout == "",
          f"rc {p0.returncode}/{p1.returncode}, {len(rank_lines(p0.stdout))} blocks, {len(p1.stdout)} chars")
    p = regtest.sh(regtest.command(a, ["describe", CUBA], 2))
    check("mpiexec -n 2 balnet describe: printed once, over 2 ranks",
          p.returncode == 0 and p.stdout.count("# partition over 2 rank(s)") == 1
          and len(rank_lines(p.stdout)) == 2, f"rc {p.returncode}")

    for args, needles in ((["describe", CUBA, "--ranks", "0"], ["--ranks", "'0'", "1 to"]),
                          (["describe", CUBA, "--ranks", "two"], ["--ranks", "two"]),
                          (["run", CUBA, "--ranks", "2"], ["--ranks", "only with balnet describe"]),
                          (["run", CUBA, "--submit"], ["--submit", "only with balnet scan"]),
                          (["describe", CUBA, "--lif.n_e=-1"], ["lif.n_e"])):
        p = plain(a, args)
        errors = [l for l in p.stderr.splitlines() if l.startswith("balnet: error")]
        check(f"refused, exit 2, one line: {' '.join(args[2:])}",
              p.returncode == 2 and len(errors) == 1 and all(n in errors[0] for n in needles),
              f"rc {p.returncode}: {p.stderr[-300:]}")
    return regtest.summary()


if __name__ == "__main__":
    sys.exit(main())
