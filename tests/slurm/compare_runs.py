#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Bitwise comparison of two balnet run files, for the SLURM tests.

    compare_runs.py ONE.h5 OTHER.h5 NHOSTS [ATTRIBUTE...]

Every dataset and every attribute of ONE must be bitwise equal to OTHER's, except the groups
/timing, /provenance, /profile and /resources, the root attributes start_time_utc and hosts, and
the ATTRIBUTEs named (written /group@name or /@name: those holding an output path, when the two
runs wrote to different directories). ONE must be a one-host run and OTHER's hosts attribute must
name NHOSTS hosts ("node1, node2 (2 hosts)"; one host is named alone). Exit 0 when all holds, 1 otherwise; one line of
what was compared on stdout.
"""
import sys

import h5py
import numpy as np

SKIP_GROUPS = ("timing", "provenance", "profile", "resources")
SKIP_ROOT_ATTRS = {"start_time_utc", "hosts"}


def as_bytes(v):
    """Variable-length strings are object arrays: compare their values, not pointers."""
    a = np.asarray(v)
    return (a.dtype.str, a.shape, repr(a.tolist()) if a.dtype.kind == "O" else a.tobytes())


def content(path, skip_attrs):
    out = {}
    with h5py.File(path, "r") as f:
        hosts = f.attrs["hosts"]
        for k, v in f.attrs.items():
            if k not in SKIP_ROOT_ATTRS and "/@" + k not in skip_attrs:
                out["/@" + k] = as_bytes(v)

        def visit(name, o):
            if name.split("/")[0] in SKIP_GROUPS:
                return
            for k, v in o.attrs.items():
                if "/%s@%s" % (name, k) not in skip_attrs:
                    out["/%s@%s" % (name, k)] = as_bytes(v)
            out["/" + name] = as_bytes(o[()]) if isinstance(o, h5py.Dataset) else "group"

        f.visititems(visit)
    return out, hosts


def main():
    one, other, nhosts = sys.argv[1], sys.argv[2], sys.argv[3]
    skip_attrs = set(sys.argv[4:])
    (a, ha), (b, hb) = content(one, skip_attrs), content(other, skip_attrs)
    nd = sum(1 for k, v in a.items() if "@" not in k and v != "group")
    diff = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
    shown = "none" if not diff else ", ".join(diff[:8]) + (" and %d more" % (len(diff) - 8) if len(diff) > 8 else "")
    print("      %d datasets and %d attributes compared, differing: %s; hosts: %s | %s%s"
          % (nd, sum(1 for k in a if "@" in k), shown, ha, hb,
             "; not compared (output paths): " + " ".join(sorted(skip_attrs)) if skip_attrs else ""))
    # Several hosts read "node1, node2 (2 hosts)"; one host is named alone.
    hosts_ok = ("(%s hosts)" % nhosts in str(hb)) if nhosts != "1" else "hosts)" not in str(hb)
    return 1 if diff or nd == 0 or not hosts_ok or "hosts)" in str(ha) else 0


if __name__ == "__main__":
    sys.exit(main())
