# SPDX-License-Identifier: BSD-3-Clause
"""balnet's run files in Python: one run (rate, LIF or SCN) or a whole scan.

    export PYTHONPATH=$PWD/python          # from the repository root; see python/README.md
    import balnet
    r = balnet.Run("brunel-AI-small.h5")    # spikes, traces, analysis, mean field, config, provenance
    r.spikes_frame(); r.trace("E", "V"); r.meanfield_frame(); r.provenance
    s = balnet.open_scan("runs/bp")         # a scan folder as one DataFrame: s.frame
    if balnet.have_neo(): seg = r.to_neo()  # Neo SpikeTrains (optional python3-neo)

Needs numpy and h5py; pandas for the DataFrames, matplotlib for balnet.plots, Neo optionally.
"""
from .run import Run, Trace, find_runs, open_run, read_aggregate_csv
from .scan import Scan, open_scan, scan_frame
from .neo_io import have_neo, to_neo
from .trials import count_statistics, trial_statistics

__all__ = ["Run", "Trace", "open_run", "find_runs", "read_aggregate_csv", "Scan", "open_scan", "scan_frame",
           "have_neo", "to_neo", "count_statistics", "trial_statistics"]
__version__ = "0.1"
