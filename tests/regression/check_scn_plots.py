#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""tools/python/plot_scn.py end to end: a small SCN run with a knock-out, then the three figures
(x vs x^, raster, E vs I). Each PNG must exist, be larger than 10 kB and have more than one
distinct pixel value (read back with matplotlib.image), i.e. not be a blank canvas.

usage: check_scn_plots.py --balnet B --mpiexec M --np N --work DIR
"""
import os
import sys

from regtest import SRC, arguments, balnet, check, check_png, sh, summary


def main():
    a = arguments()
    run = os.path.join(a.work, "scn_small.h5")
    ini = os.path.join(SRC, "inputs", "examples", "scn-2d-tracking-N=100.ini")
    p = balnet(a, ["run", ini, "--output.file=" + run, "--scn.T=600", "--scn_knockout.kind=random",
                   "--scn_knockout.time=300"], a.np)
    check("run", p.returncode == 0, f"rc = {p.returncode}")
    p = sh([sys.executable, os.path.join(SRC, "tools", "python", "plot_scn.py"), run, "--out", a.work])
    check("plot_scn.py", p.returncode == 0, f"rc = {p.returncode}")
    for kind in ("signal", "raster", "currents"):
        check_png(os.path.join(a.work, f"scn_small_{kind}.png"))
    return summary()


if __name__ == "__main__":
    sys.exit(main())
