#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The README's front page cannot go stale: its first command (the default example) is run as
written (its `balnet run` part, under this build's balnet and the given mpiexec, in an empty
folder), and what it prints must be the output the README shows, line for line, except the
measured figures (seconds, steps/s, wall, peak memory, bytes held per synapse), which are
compared as "a number". Also `balnet` with
no arguments: a short usage on stderr, exit 2; `balnet scan --help`: the scan options only.

usage: check_readme.py --balnet B --mpiexec M --np N --work DIR
"""
import os
import re
import shlex
import shutil
import sys

import regtest
from regtest import check, sh

README = os.path.join(regtest.SRC, "README.md")
# What is measured, not computed: times, rates of steps and the memory the process held.
TIMES = [r"in [0-9.]+ s", r"\([0-9.e+]+ steps/s\)", r"wall [0-9.]+ s", r"peak memory [0-9.]+-[0-9.]+ MiB",
         r"[0-9.]+ B of connectivity"]


def readme_parts():
    text = open(README, encoding="utf-8").read()
    blocks = re.findall(r"```(\w*)\n(.*?)```", text, re.S)
    command = next(b for lang, b in blocks if lang == "sh" and "balnet run" in b).strip()
    shown = re.search(r"The first command prints[^\n]*\n```\n(.*?)```", text, re.S)
    return command, shown.group(1).rstrip("\n").split("\n") if shown else []


def masked(line):
    for t in TIMES:
        line = re.sub(t, "<time>", line)
    return line


def main():
    a = regtest.arguments(np_default=2)
    command, shown = readme_parts()
    check("README shows the first command's output", len(shown) >= 2, f"{len(shown)} lines")
    run = shlex.split(command.split("&&")[-1])
    i = run.index("balnet/balnet") if "balnet/balnet" in run else next(k for k, w in enumerate(run) if w.endswith("balnet"))
    np_ = int(run[run.index("-n") + 1]) if "-n" in run else a.np
    args = [os.path.join(regtest.SRC, w) if w.startswith("inputs/") else w for w in run[i + 1:]]
    work = os.path.join(a.work, "readme")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    os.chdir(work)  # the example writes its file into the current folder
    p = sh([a.mpiexec, "-n", str(np_), a.balnet, *args])
    printed = p.stdout.rstrip("\n").split("\n")
    check("first command exits 0", p.returncode == 0, f"rc {p.returncode}")
    check("same number of lines as the README shows", len(printed) == len(shown),
          f"{len(printed)} printed, {len(shown)} shown")
    for k, (got, want) in enumerate(zip(printed, shown)):
        check(f"line {k + 1} as shown (times aside)", masked(got) == masked(want),
              f"\n  printed: {got}\n  README:  {want}")

    p = sh([a.balnet])
    check("balnet with no arguments: exit 2, a short usage on stderr",
          p.returncode == 2 and "usage:" in p.stderr and len(p.stderr.splitlines()) < 40 and not p.stdout,
          f"rc {p.returncode}, {len(p.stderr.splitlines())} lines")
    p = sh([a.balnet, "scan", "--help"])
    check("balnet scan --help: the scan options, not every key",
          p.returncode == 0 and "--local" in p.stdout and "lif.n_e" not in p.stdout and len(p.stdout.splitlines()) < 40,
          f"rc {p.returncode}, {len(p.stdout.splitlines())} lines")
    return regtest.summary()


if __name__ == "__main__":
    sys.exit(main())
