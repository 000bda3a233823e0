# SPDX-License-Identifier: BSD-3-Clause
"""Reader for balnet's HDF5 run files: the balnet package of ../../python, under the name the
figure scripts and older notebooks import (layout: README "Output").

    from balnet_h5 import Run
    r = Run("out.h5")
    r.status, r.analysis["m"], r.curve("R_eta"), r.network_checksum, r.config["network.K"]
    r.meanfield["static_gaussian"]["m"], r.meanfield["telegraph"]["state"], r.comparison
    r.param("network.K"), r.state("I", "x"), r.trace_time()

    from balnet_h5 import find_runs, read_aggregate_csv
    runs = [Run(p) for p in find_runs("scan-dir")]   # every complete run file below a folder
    table = read_aggregate_csv("scan-dir/aggregate.csv")  # {column: numpy array or list of str}

New code: `import balnet` with PYTHONPATH=<repository>/python (python/README.md).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "python"))
from balnet.run import Run, find_runs, read_aggregate_csv  # noqa: E402,F401
