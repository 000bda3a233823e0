#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Bad LIF inputs (run.model = lif): each must end every rank with exit code 2 and ONE clear
message naming the key, the value and what is allowed, without a hang, leaving no output file.
usage: check_bad_lif_inputs.py --balnet B --mpiexec M --np N --work DIR
"""
import functools
import os
import sys

import regtest

GOOD = """[run]
model = lif
[lif]
n_e = 80
n_i = 20
c_e = 8
c_i = 2
j = 0.2
T = 100
warmup = 10
[output]
file = {out}
"""

# cuba/coba (docs/models.md 2.3): a small Brette network.
GOOD_EXP = """[run]
model = lif
[lif]
neuron = {neuron}
n_e = 80
n_i = 20
p = 0.1
T = 100
[output]
file = {out}
"""


# lif.network = file (docs/models.md 2.6): a valid two-population network file, broken one way per case.
NET = """[population.E]
size = 80
excitatory = true
ext_rate = 2000
ext_weight = 0.2
[population.I]
size = 20
excitatory = false
[projection.E.E]
rule = fixed_indegree
indegree = 8
weight = 0.2
delay = 1.5
[projection.I.E]
rule = bernoulli
probability = 0.1
weight = -1
delay = 1.5
"""


def network_file_cases(work, out):
    """(name, ini, extra, needles) for bad network files: each message names the file, the
    section, the key, the value and what is allowed."""
    config = f"[run]\nmodel = lif\n[lif]\nnetwork = file\nnetwork_file = {{net}}\n{{extra}}T = 100\nwarmup = 10\n[output]\nfile = {out}\n"
    bad = [
        ("unknown section", ("[population.I]", "[populaton.I]"), ["populaton.I", "[population.<name>]"]),
        ("unknown population key", ("size = 20", "sise = 20"), ["[population.I] sise", "size"]),
        ("negative size", ("size = 20", "size = -5"), ["[population.I] size", "-5", "[1, 2^53]"]),
        ("missing excitatory", ("excitatory = false\n", ""), ["[population.I] excitatory", "(missing)", "true or false"]),
        ("unknown population in a projection", ("[projection.I.E]", "[projection.X.E]"), ["projection.X.E", "population names"]),
        ("in-degree with the Bernoulli rule", ("probability = 0.1", "probability = 0.1\nindegree = 3"),
         ["[projection.I.E] indegree", "rule = fixed_indegree"]),
        ("unknown rule", ("rule = bernoulli", "rule = ring"), ["[projection.I.E] rule", "ring", "fixed_total_number"]),
        ("missing weight", ("weight = -1\n", ""), ["[projection.I.E] weight", "(missing)"]),
        ("unknown weight law", ("weight = -1", "weight = -1\nweight_law = uniform"), ["weight_law", "uniform", "lognormal"]),
        ("drawn weights without sd", ("weight = -1", "weight = -1\nweight_law = gamma"), ["weight_sd", "(missing)", "> 0"]),
        ("normal delays without sd", ("delay = 1.5\n[projection.I.E]", "delay = 1.5\ndelay_law = normal\n[projection.I.E]"),
         ["[projection.E.E] delay_sd", "(missing)"]),
        ("delay shorter than dt", ("indegree = 8\nweight = 0.2\ndelay = 1.5", "indegree = 8\nweight = 0.2\ndelay = 0.05"),
         ["[projection.E.E] delay", "0.05", "dt"]),
        ("total number beyond the pairs", ("rule = fixed_indegree\nindegree = 8", "rule = fixed_total_number\nnumber = 6401\nmultapses = false"),
         ["number", "6401", "6400"]),
        # E with conductance synapses (docs/models.md 2.6): the inhibitory weight onto it must be >= 0.
        ("a negative weight onto a coba population", ("size = 80", "size = 80\nneuron = coba\nE_e = 60\nE_i = -20"),
         ["projections[1].weight", "-1", ">= 0", "target population E", "coba"]),
        ("a value that is not a number", ("ext_rate = 2000", "ext_rate = fast"), ["[population.E] ext_rate", "fast"]),
    ]
    cases = []
    for i, (name, (old, new), needles) in enumerate(bad):
        assert old in NET, name
        path = os.path.join(work, f"bad_net{i}.ini")
        with open(path, "w") as fh:
            fh.write(NET.replace(old, new, 1))
        cases.append(("network file: " + name, config.format(net=path, extra=""), [], [path, *needles]))
    good = os.path.join(work, "good_net.ini")
    with open(good, "w") as fh:
        fh.write(NET)
    missing = os.path.join(work, "no_such_network.ini")
    cases.append(("network file: missing", config.format(net=missing, extra=""), [], ["lif.network_file", missing]))
    cases.append(("network file: a model-A key", config.format(net=good, extra="n_e = 80\n"), [], ["lif.n_e", "lif.network"]))
    return cases


def cases(work):
    out = os.path.join(work, "bad_lif.h5")
    cfg = functools.partial(regtest.ini_text, GOOD.format(out=out))

    def exp(neuron, extra="", replace=None):
        return regtest.ini_text(GOOD_EXP.format(neuron=neuron, out=out), extra, replace)

    def gen(extra=""):  # lif.network = general (docs/models.md 2.2.4) on GOOD's model A
        return cfg("[lif]\nnetwork = general\n" + extra)
    # (name, ini text, extra args, substrings the message must contain)
    return out, [
        ("delay shorter than dt", cfg("[lif]\ndelay = 0.05\n"), [], ["lif.delay", "0.05", "lif.dt"]),
        ("zero delay", cfg("[lif]\ndelay = 0\n"), [], ["lif.delay", "0"]),
        ("negative eta (negative rate)", cfg("[lif]\neta = -1\n"), [], ["lif.eta", "-1"]),
        ("negative feed-forward rate", cfg("[lif]\nmode = feedforward\nff_rate = -0.5\n"), [], ["lif.ff_rate", "-0.5"]),
        ("theta <= v_reset", cfg("[lif]\ntheta = 10\n"), [], ["lif.v_reset", "lif.theta"]),
        ("theta below v_reset", cfg("[lif]\nv_reset = 25\n"), [], ["lif.v_reset", "25"]),
        ("zero tau_m", cfg("[lif]\ntau_m = 0\n"), [], ["lif.tau_m", "0"]),
        ("negative t_ref", cfg("[lif]\nt_ref = -1\n"), [], ["lif.t_ref", "-1"]),
        ("zero dt", cfg("[lif]\ndt = 0\n"), [], ["lif.dt", "0"]),
        ("warmup >= T", cfg(replace=("warmup = 10", "warmup = 100")), [], ["lif.warmup", "100", "lif.T"]),
        ("fano bin off the grid", cfg("[lif_analysis]\nfano_bin = 0.25\n"), [], ["lif_analysis.fano_bin", "0.25"]),
        ("fano bin longer than the window", cfg("[lif_analysis]\nfano_bin = 100\n"), [], ["lif_analysis.fano_bin", "100", "lif.T - lif.warmup"]),
        ("trial count bin off the grid", cfg("[trials]\nbin = 0.25\n"), ["--run.trials=2"], ["trials.bin", "0.25", "lif.dt"]),
        ("trial count bin longer than the window", cfg("[trials]\nbin = 100\n"), ["--run.trials=2"], ["trials.bin", "100", "lif.T - lif.warmup"]),
        ("trials with periodic checkpoints", cfg("[checkpoint]\nevery = 10\n"), ["--run.trials=2"], ["run.trials", "2", "checkpoint.every"]),
        ("trials with --resume", cfg(), ["--run.trials=3", "--resume"], ["run.trials", "3", "--resume"]),
        ("trials of a rate network", f"[run]\nmodel = rate\ntrials = 2\n[output]\nfile = {out}\n", [], ["run.trials"]),
        ("negative trial", cfg(), ["--run.trial=-1"], ["run.trial", "-1"]),
        ("negative J", cfg(replace=("j = 0.2", "j = -0.1")), [], ["lif.j", "-0.1"]),
        ("no I population in a network", cfg(replace=("n_i = 20", "n_i = 0")), [], ["lif.n_i", "0"]),
        ("C_E > N_E without multapses", cfg("[lif]\nmultapses = false\n", replace=("c_e = 8", "c_e = 100")), [], ["lif.c_e", "100"]),
        ("unknown lif key", cfg("[lif]\nthetaa = 3\n"), [], ["lif.thetaa", "lif.theta"]),
        ("unknown mode", cfg("[lif]\nmode = ring\n"), [], ["lif.mode", "ring", "feedforward"]),
        ("rate key in a lif run", cfg("[weights]\nJ0 = 1\n"), [], ["weights.J0"]),
        ("lif key in a rate run", cfg(replace=("model = lif", "model = rate")), [], ["lif."]),
        ("v traces > recorded", cfg("[lif_analysis]\nn_record = 5\n[lif_output]\nv_traces = 6\n"), [],
         ["lif_output.v_traces", "6"]),
        ("external drive beyond the Poisson table", cfg("[lif]\neta = 1e5\n"), [], ["ext_rate"]),
        ("override out of range", cfg(), ["--lif.g=-2"], ["lif.g", "-2"]),
        ("coba: E_i at threshold", exp("coba", "[lif]\nE_i = -50\n"), [], ["lif.E_i", "-50", "lif.theta"]),
        ("coba: E_e below threshold", exp("coba", "[lif]\nE_e = -55\n"), [], ["lif.E_e", "-55", "lif.theta"]),
        ("cuba: connection probability 0", exp("cuba", replace=("p = 0.1", "p = 0")), [], ["lif.p", "0"]),
        ("coba: connection probability > 1", exp("coba", replace=("p = 0.1", "p = 1.5")), [], ["lif.p", "1.5"]),
        ("coba: negative conductance increment", exp("coba"), ["--lif.w_i=-6.7"], ["lif.w_i", "-6.7"]),
        ("cuba: excitatory w_i", exp("cuba"), ["--lif.w_i=9"], ["lif.w_i", "9"]),
        ("cuba on the Brette network: a model-A key", exp("cuba", "[lif]\nc_e = 8\n"), [], ["lif.c_e", "lif.network", "brette"]),
        ("delta on the Brette network", f"[run]\nmodel = lif\n[lif]\nnetwork = brette\nn_e = 80\nn_i = 20\nT = 100\n[output]\nfile = {out}\n",
         [], ["lif.network", "brette", "cuba or coba"]),
        ("cuba: feed-forward mode", exp("cuba", "[lif]\nmode = feedforward\n"), [], ["lif.mode", "feedforward"]),
        ("coba: a coba key for cuba", exp("cuba", "[lif]\nE_i = -80\n"), [], ["lif.E_i", "coba"]),
        ("coba: Siegert mean field", exp("coba", "[meanfield]\nenabled = true\n"), [], ["meanfield.enabled"]),
        # lif.network = general: signs, delays, neurons, in-degrees, drive, applicability.
        ("general: excitatory j_ei", gen("j_ei = 0.5\n"), [], ["lif.j_ei", "0.5"]),
        ("general: inhibitory j_ie", gen(), ["--lif.j_ie=-0.2"], ["lif.j_ie", "-0.2"]),
        ("general: d_ie < dt", gen("d_ie = 0.05\n"), [], ["lif.d_ie", "0.05", "lif.dt"]),
        ("general: theta_i <= v_reset_i", gen("theta_i = 10\n"), [], ["lif.v_reset_i", "lif.theta_i", "10"]),
        ("general: v_reset_e above theta_e", gen("v_reset_e = 25\n"), [], ["lif.v_reset_e", "25", "lif.theta_e"]),
        ("general: zero tau_m_i", gen("tau_m_i = 0\n"), [], ["lif.tau_m_i", "0"]),
        ("general: negative t_ref_e", gen("t_ref_e = -1\n"), [], ["lif.t_ref_e", "-1"]),
        ("general: negative in-degree", gen("k_ee = -3\n"), [], ["lif.k_ee", "-3"]),
        ("general: k_ei > n_i without multapses", gen("k_ei = 30\nmultapses = false\n"), [], ["lif.k_ei", "30", "lif.n_i"]),
        ("general: k_ii = n_i without multapses or autapses", gen("k_ii = 20\nmultapses = false\nautapses = false\n"), [],
         ["lif.k_ii", "20", "19"]),
        ("general: external drive beyond the Poisson table", gen("k_ext_i = 1000\nnu_ext_i = 10000\n"), [],
         ["lif.nu_ext_i", "10000", "700"]),
        ("general: negative external rate", gen("nu_ext_e = -5\n"), [], ["lif.nu_ext_e", "-5"]),
        ("general key without lif.network = general", cfg("[lif]\nk_ee = 5\n"), [], ["lif.k_ee", "lif.network"]),
        ("lif.network in the feed-forward mode", cfg("[lif]\nmode = feedforward\nnetwork = general\n"), [],
         ["lif.network", "lif.mode"]),
        ("Brette key for cuba on model A", exp("cuba", "[lif]\nnetwork = A\n"), [], ["lif.p", "lif.network"]),
        ("cuba on model A: Siegert mean field", cfg("[lif]\nneuron = cuba\nnetwork = A\n[meanfield]\nenabled = true\n"), [],
         ["meanfield.enabled", "cuba"]),
        ("unknown lif.network", cfg("[lif]\nnetwork = B\n"), [], ["lif.network", "B", "general"]),
        *network_file_cases(work, out),
        ("current traces without V traces", cfg("[lif_output]\ncurrent_traces = true\n"), [],
         ["lif_output.current_traces", "lif_output.v_traces"]),
        # 10^12 synapses (~3.6 TiB of synapse index): refused before anything is allocated.
        ("does not fit in memory", cfg(), ["--lif.n_e=1000000", "--lif.c_e=1000000"], ["memory", "MiB", "lif.n_e"]),
    ]


if __name__ == "__main__":
    sys.exit(regtest.run_bad_inputs(cases, prefix="bad_lif"))
