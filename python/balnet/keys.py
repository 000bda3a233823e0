# SPDX-License-Identifier: BSD-3-Clause
"""What the configuration keys and the stored observables mean, for axis labels with units.

The configuration keys come from the reference `balnet --help` prints (the same text as
docs/configuration.md's "Every key", which a test keeps equal): kind (integer, real, ...),
unit and one line of help per key. `label(key)` turns a key or a stored column into an axis
label: the curated short names below where there is one (symbols and units as a paper writes
them), else the key's help text with its unit, so that no raw key reaches an axis.
"""
import functools
import os
import re
import subprocess

__all__ = ["KeyInfo", "reference", "key_info", "label", "symbol", "units_of", "find_balnet"]

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class KeyInfo:
    def __init__(self, key, kind, unit, help):
        self.key, self.kind, self.unit, self.help = key, kind, unit, help

    def __repr__(self):
        return f"KeyInfo({self.key}, {self.kind}, unit={self.unit!r}, {self.help!r})"


def find_balnet(explicit=None):
    """The balnet executable: `explicit`, else $BALNET, else `balnet` on PATH, else the
    repository's build/balnet; None when there is none."""
    import shutil
    for c in (explicit, os.environ.get("BALNET"), shutil.which("balnet"), os.path.join(REPO, "build", "balnet")):
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
    return None


_ENTRY = re.compile(r"^  ([a-z_0-9]+\.[A-Za-z_0-9]+)  \(([a-z]+)(?:, unit ([^)]*))?\)\n      (.*)$", re.M)


def _parse(text):
    return {m.group(1): KeyInfo(m.group(1), m.group(2), (m.group(3) or "").strip(), m.group(4).strip())
            for m in _ENTRY.finditer(text)}


@functools.lru_cache(maxsize=4)
def reference(balnet=None):
    """{key: KeyInfo} from `balnet --help` (the binary found by find_balnet) or, without a binary,
    from the repository's docs/configuration.md; {} when neither is there."""
    exe = find_balnet(balnet)
    if exe:
        try:
            p = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60)
            keys = _parse(p.stdout + p.stderr)
            if keys:
                return keys
        except (OSError, subprocess.SubprocessError):
            pass
    readme = os.path.join(REPO, "docs", "configuration.md")
    if os.path.exists(readme):
        with open(readme) as fh:
            return _parse(fh.read())
    return {}


def key_info(key, balnet=None):
    return reference(balnet).get(key)


def _unit_text(u):
    return "" if u in ("", "1") else {"tau": "τ", "1/tau": "1/τ"}.get(u, u)


def _with_unit(name, unit):
    u = _unit_text(unit)
    return f"{name} ({u})" if u else name


# Short labels of the parameters scans vary most: (axis name, symbol for legends, unit).
PARAMETERS = {
    "network.N": ("network size N", "N", "1"), "network.K": ("in-degree K", "K", "1"),
    "weights.J0": ("coupling strength $J_0$", "$J_0$", "1"), "weights.g": ("inhibition ratio g", "g", "1"),
    "weights.nu": (r"weight variance exponent $\nu$", r"$\nu$", "1"),
    "input.I0": ("external input $I_0$", "$I_0$", "1"), "response.function": ("response function", r"$\phi$", ""),
    "response.power": ("response exponent", "exponent", "1"), "run.T": ("duration T", "T", "tau"),
    "lif.g": ("relative inhibition g", "g", "1"),
    "lif.eta": (r"external drive $\eta = \nu_{ext}/\nu_{thr}$", r"$\eta$", "1"),
    "lif.j": ("synaptic efficacy J", "J", "mV"), "lif.c_e": ("excitatory in-degree $C_E$", "$C_E$", "1"),
    "lif.c_i": ("inhibitory in-degree $C_I$", "$C_I$", "1"), "lif.n_e": ("excitatory neurons $N_E$", "$N_E$", "1"),
    "lif.n_i": ("inhibitory neurons $N_I$", "$N_I$", "1"), "lif.delay": ("delay D", "D", "ms"),
    "lif.tau_m": (r"membrane time constant $\tau_m$", r"$\tau_m$", "ms"),
    "lif.theta": (r"threshold $\theta$", r"$\theta$", "mV"),
    "lif.t_ref": (r"refractory period $\tau_{ref}$", r"$\tau_{ref}$", "ms"),
    "lif.ff_rate": ("input rate", r"$\nu_{in}$", "Hz"), "lif.T": ("duration T", "T", "ms"),
    "scn.N": ("neurons N", "N", "1"), "scn.lambda": (r"leak rate $\lambda$", r"$\lambda$", "1/ms"),
    "scn.mu": (r"quadratic cost $\mu$", r"$\mu$", "1"), "scn.nu": (r"linear cost $\nu$", r"$\nu$", "1"),
    "scn.sigma_v": (r"voltage noise $\sigma_V$", r"$\sigma_V$", "1"),
    "scn_knockout.fraction": ("fraction knocked out", "knocked out", "1"),
}
OBSERVABLES = {  # rate model (docs/models.md §1.6), LIF and SCN (§2.5)
    "m": ("mean rate m", "1"), "f": ("active fraction f", "1"), "mu": (r"mean input $\mu$", "1"),
    "xbar": (r"mean state $\bar{x}$", "1"), "etabar": (r"mean input $\bar{\eta}$", "1"),
    "var_x": ("variance of x", "1"), "q": ("q", "1"), "beta": (r"decay rate $\beta$ of $R_\eta$", "1/tau"),
    "alpha": (r"$\alpha$", "1"), "tvx": ("temporal variance of x", "1"), "qvx": ("quenched variance of x", "1"),
    "tveta": (r"temporal variance of $\eta$", "1"), "qveta": (r"quenched variance of $\eta$", "1"),
    "var_f": ("variance of f", "1"), "var_mu": (r"variance of $\mu$", "1"),
    "rate": ("firing rate", "Hz"), "rate_sd": ("SD of the rates", "Hz"), "cv": ("ISI CV", "1"),
    "fano_time": ("Fano factor across time bins", "1"), "fano": ("trial-to-trial Fano factor", "1"),
    "population_fano": ("population Fano factor", "1"), "reliability_gain": ("read-out reliability gain", "1"),
    "silent_fraction": ("silent fraction", "1"), "chi": (r"synchrony $\chi$", "1"),
    "spectrum_peak_hz": ("spectral peak", "Hz"), "spectrum_peak_ratio": ("spectral peak / median", "1"),
    "rho_ei": (r"E-I correlation $\rho_{EI}$", "1"), "balance_index": ("balance index", "1"),
    "nrmse": ("NRMSE of the read-out", "1"), "rmse": ("RMSE of the read-out", "1"),
    "mu_v": (r"mean input $\mu$", "mV"), "sigma": (r"input noise $\sigma$", "mV"),
}


def units_of(column, balnet=None):
    """The unit of a parameter key or of an observable column ("analysis/populations/E/rate"), "" if unknown."""
    if column in PARAMETERS:
        return PARAMETERS[column][2]
    obs = column.rsplit("/", 1)[-1]
    if "/" in column and obs in OBSERVABLES:
        return OBSERVABLES[obs][1]
    info = key_info(column, balnet)
    return info.unit if info else ""


def label(column, balnet=None, population=None):
    """An axis label with units for a parameter key ("lif.g"), an observable ("m", "rate") or a
    stored column ("analysis/populations/E/rate", "meanfield/siegert/rate")."""
    if column in PARAMETERS:
        name, _, unit = PARAMETERS[column]
        return _with_unit(name, unit)
    parts = column.split("/")
    obs = parts[-1]
    pop = population or (parts[-2] if len(parts) >= 3 and parts[0] == "analysis" else None)
    if obs in OBSERVABLES and (len(parts) > 1 or "." not in column):
        name, unit = OBSERVABLES[obs]
        if pop and pop not in ("populations", "analysis"):
            name = f"{name}, {pop}"
        return _with_unit(name, unit)
    info = key_info(column, balnet)
    if info:
        text = re.split(r"[;(]", info.help)[0].strip()
        return _with_unit(text[:60], info.unit)
    # Unknown to both tables: the last part of the name, spaces for underscores, still no key.
    return column.rsplit(".", 1)[-1].rsplit("/", 1)[-1].replace("_", " ")


def symbol(key, balnet=None):
    """What a legend writes for a parameter ("g" in "g = 5", "$\\eta$" in "η = 2"), with its unit
    where it has one ("D = 1.5 ms" is written by the caller from units_of)."""
    if key in PARAMETERS:
        return PARAMETERS[key][1]
    return label(key, balnet).split(" (")[0]
