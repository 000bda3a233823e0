#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""`balnet mft` and `balnet run` with meanfield.enabled, end to end.

1. mft on reference case C3 (nu = 1, the static Gaussian closure's regime): the printed static
   Gaussian m within 5 % of the reference simulation mean 0.02934
   (tests/data/sparse_balance_cases.md); the --meanfield.file copy equals the printed value;
   heaviside closures are "not applicable" (phi = rect_tanh) and the beta closures "skipped" (no
   beta).
2. mft for Heaviside units with gamma weights and --meanfield.beta: the Heaviside/gamma f solves
   its closed form f = P(f K k, I0/th) (docs/models.md 1.7.4), checked with an incomplete gamma
   function written here; the telegraph and moment-gamma closures are applied.
3. Bad inputs: both beta keys, an unreadable beta_from -> exit 2 with the key named.
4. run with meanfield.enabled writes /meanfield/comparison/<closure>/{simulated, predicted,
   relative_difference} consistent with /analysis and /meanfield; mft --meanfield.beta_from of
   that file uses its /analysis/beta.
5. Outside the assumptions (issue 13): lognormal weights (moment_gamma and static_gaussian flag
   them), an E-I network (every closure but static_gaussian refuses it, naming network.type = ei)
   and a LIF network with jumps half of theta - V_r (Siegert outside the diffusion limit): the
   same WARNING or refusal in `balnet mft`, in the file's /meanfield and in the run's
   simulation-vs-theory table.

usage: check_mft.py --balnet B --mpiexec M --np N --work DIR
"""
import math
import os
import re
import sys

import h5py

from regtest import SRC, arguments, balnet, block, check, summary

sys.path.insert(0, os.path.join(SRC, "tools", "python"))
from balnet_h5 import Run  # noqa: E402


def printed(text, closure, key, pop="I"):
    m = re.search(r"^  " + pop + r": .*\b" + key + r" = (\S+)", block(text, closure), re.M)
    return float(m.group(1)) if m else math.nan


def gamma_p(s, x):
    """Regularised lower incomplete gamma P(s, x) (Numerical Recipes gser / gcf)."""
    if x <= 0:
        return 0.0
    lead = math.exp(-x + s * math.log(x) - math.lgamma(s))
    if x < s + 1:
        term = total = 1.0 / s
        n = s
        while abs(term) > 1e-17 * abs(total):
            n += 1
            term *= x / n
            total += term
        return total * lead
    b, c, d = x + 1 - s, 1e300, 1 / (x + 1 - s)
    h = d
    for i in range(1, 10000):
        an = -i * (i - s)
        b += 2
        d = 1 / (an * d + b)
        c = b + an / c
        h *= d * c
        if abs(d * c - 1) < 1e-16:
            break
    return 1 - lead * h


def test_c3(a):
    ini = os.path.join(SRC, "inputs", "reference", "C3-lv-N=K=1135.ini")
    out = os.path.join(a.work, "mft_C3.h5")
    p = balnet(a, ["mft", ini, "--meanfield.file=" + out], a.np)
    check("mft C3 exit 0", p.returncode == 0, f"rc = {p.returncode}")
    m = printed(p.stdout, "static_gaussian", "m")
    check("mft C3 static Gaussian m within 5% of 0.02934", abs(m - 0.02934) <= 0.05 * 0.02934, f"m = {m}")
    check("mft C3 assumptions printed", "assumptions: static Gaussian" in block(p.stdout, "static_gaussian"))
    for c in ("heaviside_gamma", "heaviside_gamma_binomial"):
        check(f"mft C3 {c} not applicable", "not applicable:" in block(p.stdout, c))
    check("mft C3 beta closures skipped", "skipped:" in block(p.stdout, "telegraph") and
          "skipped:" in block(p.stdout, "moment_gamma") and "note:" in p.stdout)
    if os.path.exists(out):
        r = Run(out)
        sg = r.meanfield.get("static_gaussian", {})
        check("mft file status complete", r.status == "complete", r.status)
        check("mft file m = printed m", abs(sg.get("m", math.nan) - m) <= 1e-5 * m,
              f"{sg.get('m')} vs {m}")
        check("mft file attrs", sg.get("state") == "ok" and "assumptions" in sg and
              "residual" in sg and "iterations" in sg)
        with h5py.File(out, "r") as f:
            check("mft file units", f["meanfield/static_gaussian/m"].attrs["units"] in ("1", b"1"))
        check("mft file refusal recorded", r.meanfield["heaviside_gamma"]["state"] == "not applicable"
              and len(r.meanfield["heaviside_gamma"]["reason"]) > 0)
    else:
        check("mft file written", False, out)


def test_heaviside(a):
    K, J0, g, I0 = 400, 2.0, 2.0, 1.0
    args = ["mft", os.path.join(SRC, "inputs", "examples", "sparse-balance-N=K=500-T=200.ini"),
            f"--network.N={K}", f"--network.K={K}", "--response.function=heaviside",
            "--meanfield.beta=0.5"]
    p = balnet(a, args)
    check("mft heaviside exit 0", p.returncode == 0, f"rc = {p.returncode}")
    f = printed(p.stdout, "heaviside_gamma", "f")
    Jbar, sigma = J0 / math.sqrt(K), g * K ** -0.25
    k, th = (Jbar / sigma) ** 2, sigma ** 2 / Jbar
    rhs = gamma_p(f * K * k, I0 / th)
    check("heaviside_gamma f = P(f K k, I0/th)", abs(f - rhs) <= 1e-4 * f, f"f = {f}, P = {rhs}")
    for c in ("heaviside_gamma_binomial", "telegraph", "moment_gamma"):
        v = printed(p.stdout, c, "f")
        check(f"mft heaviside {c} applied", 0 < v < 1, f"f = {v}")
    tg = printed(p.stdout, "telegraph", "f")
    check("telegraph f below the static f (finite beta narrows x)", tg < f, f"{tg} vs {f}")


def test_bad(a, run_file):
    ini = os.path.join(SRC, "inputs", "reference", "C3-lv-N=K=1135.ini")
    p = balnet(a, ["mft", ini, "--meanfield.beta=0.5", "--meanfield.beta_from=" + run_file])
    check("both beta keys -> exit 2", p.returncode == 2 and "meanfield.beta_from" in p.stderr)
    p = balnet(a, ["mft", ini, "--meanfield.beta_from=" + os.path.join(a.work, "missing.h5")])
    check("missing beta_from -> exit 2", p.returncode == 2 and "meanfield.beta_from" in p.stderr)


def test_run(a):
    out = os.path.join(a.work, "run_mf.h5")
    ini = os.path.join(SRC, "inputs", "examples", "sparse-balance-N=K=500-T=200.ini")
    p = balnet(a, ["run", ini, "--network.N=200", "--network.K=200", "--run.T=40", "--record.ncorr=10",
                   "--output.trace_units=10", "--meanfield.enabled=true", "--output.file=" + out], a.np)
    check("run with meanfield exit 0", p.returncode == 0, f"rc = {p.returncode}")
    check("run summary has the comparison", "simulation vs theory" in p.stdout and "static_gaussian" in p.stdout)
    r = Run(out)
    check("run file complete", r.status == "complete")
    cmp_ = r.comparison.get("static_gaussian", {})
    check("/meanfield/comparison/static_gaussian written", set(cmp_) >= {"m", "f", "mu", "xbar", "var_x", "alpha"},
          str(sorted(cmp_)))
    if cmp_:
        sim, pred, rel = cmp_["m"]
        check("comparison simulated m = /analysis/m", sim == r.analysis["m"])
        check("comparison predicted m = /meanfield/static_gaussian/m", pred == r.meanfield["static_gaussian"]["m"])
        check("relative difference = (pred - sim)/|sim|", abs(rel - (pred - sim) / abs(sim)) <= 1e-12)
        v = cmp_["var_x"][0]
        check("simulated var_x = tvx + qvx", abs(v - r.analysis["tvx"] - r.analysis["qvx"]) <= 1e-12 * v)
    check("moment_gamma used the measured beta",
          abs(r.meanfield["moment_gamma"].get("beta", math.nan) - r.analysis["beta"]) <= 1e-12 * r.analysis["beta"])
    p = balnet(a, ["mft", ini, "--network.N=200", "--network.K=200", "--meanfield.beta_from=" + out])
    got = re.search(r"^beta = (\S+)", p.stdout, re.M)
    check("mft beta_from reads /analysis/beta", p.returncode == 0 and got is not None and
          abs(float(got.group(1)) - r.analysis["beta"]) <= 1e-5 * r.analysis["beta"])
    check("mft beta_from: moment_gamma applied", 0 < printed(p.stdout, "moment_gamma", "m") < 1)
    return out


def attr(group, name):
    return group.attrs[name].decode() if isinstance(group.attrs[name], bytes) else str(group.attrs[name])


def flagged_everywhere(a, label, ini, extra, theories, needle, refused=False):
    """needle in every theory's assumptions (or, refused, its reason) as `balnet mft` prints it,
    as the run's /meanfield stores it, and under its rows (or on its line) of the run's table."""
    out = os.path.join(a.work, label.replace(" ", "_") + ".h5")
    p = balnet(a, ["mft", ini, *extra, "--meanfield.beta=0.4"], a.np)
    r = balnet(a, ["run", ini, *extra, "--meanfield.enabled=true", "--output.file=" + out], a.np)
    check(f"{label}: mft and run exit 0", p.returncode == 0 and r.returncode == 0, f"{p.returncode}, {r.returncode}")
    table = r.stdout[r.stdout.find("simulation vs theory"):]
    for t in theories:
        shown = block(p.stdout, t) if t != "siegert" else p.stdout
        check(f"{label}: balnet mft {t}", needle in shown and ("not applicable" in shown) == refused, shown[-300:])
        with h5py.File(out, "r") as f:
            g = f["meanfield/" + t]
            stored = attr(g, "reason" if refused else "assumptions")
        check(f"{label}: /meanfield/{t}", needle in stored, stored[-300:])
        if t == "siegert":
            line = re.search(r"^    \(outside its assumptions:.*$", table, re.M)
        else:
            line = re.search(r"^  " + t + (r": not applicable: .*$" if refused else
                                            r":\n(?:    .*\n)*?    \(outside its assumptions:.*$"), table, re.M)
        bare = needle.replace("WARNING: ", "")  # the table says "(outside its assumptions: ...)" instead
        check(f"{label}: run table {t}", line is not None and bare in line.group(0), table[:600])


def test_outside_assumptions(a):
    example = os.path.join(SRC, "inputs", "examples", "sparse-balance-N=K=500-T=200.ini")
    small = ["--network.N=200", "--network.K=200", "--run.T=40", "--record.ncorr=10", "--output.trace_units=10"]
    flagged_everywhere(a, "lognormal weights", example, [*small, "--weights.distribution=lognormal"],
                       ["moment_gamma"], "WARNING: the weights are lognormal")
    flagged_everywhere(a, "lognormal weights nu", example, [*small, "--weights.distribution=lognormal"],
                       ["static_gaussian"], "WARNING: weights.nu = 0.5 < 1 with lognormal weights")
    ei = os.path.join(SRC, "inputs", "examples", "ei-fig6-lognormal.ini")
    flagged_everywhere(a, "E-I network", ei, small,
                       ["gaussian_dmft", "heaviside_gamma", "telegraph", "moment_gamma"],
                       "network.type = ei is outside its assumptions", refused=True)
    lif = os.path.join(SRC, "inputs", "examples", "brunel-AI-small.ini")
    flagged_everywhere(a, "LIF jumps half of theta - V_r", lif, ["--lif.j=1", "--lif.g=5", "--lif.T=300"], ["siegert"],
                       "WARNING: outside the diffusion limit (Brunel 2000): population E=I receives jumps "
                       "of 5 mV, 50 % of theta - V_r = 10 mV")


def main():
    a = arguments()
    test_c3(a)
    test_heaviside(a)
    run_file = test_run(a)
    test_bad(a, run_file)
    test_outside_assumptions(a)
    sys.exit(summary())


if __name__ == "__main__":
    main()
