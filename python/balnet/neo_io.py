# SPDX-License-Identifier: BSD-3-Clause
"""Spikes of a run as Neo objects (Debian python3-neo), for Elephant and the other tools that
read Neo. Neo is optional: `have_neo()` says whether it imports, and to_neo() raises
ImportError with the package to install when it does not.

    from balnet import Run, have_neo
    if have_neo():
        seg = Run("brunel.h5").to_neo()          # neo.Segment, one SpikeTrain per neuron
        trains = [st for st in seg.spiketrains if st.annotations["population"] == "E"]
"""

__all__ = ["have_neo", "to_neo"]


def have_neo():
    try:
        import neo  # noqa: F401
        import quantities  # noqa: F401
    except ImportError:
        return False
    return True


def to_neo(run, populations=None):
    """A neo.Segment holding one neo.SpikeTrain per neuron (silent neurons included, as empty
    trains) of each population, times in ms, t_start 0, t_stop the simulated duration T.
    Each train is annotated with population, node_id (population-local) and gid."""
    try:
        import neo
        import quantities as pq
    except ImportError as e:
        raise ImportError("balnet.to_neo needs Neo: apt-get install python3-neo") from e
    import numpy as np
    pops = run.spike_populations() if populations is None else list(populations)
    t_stop = run.duration()[1]
    offsets = dict(zip(run.population_names,
                       np.atleast_1d(np.asarray(run.network.get("population_offsets", []), dtype=float))))
    seg = neo.Segment(name=run.path, description=f"balnet {run.model} run",
                      file_origin=run.path)
    for p in pops:
        trains = run.spike_trains(p)
        stop = max([t_stop] + [float(t[-1]) for t in trains if t.size])  # T, never before a spike
        for i, t in enumerate(trains):
            seg.spiketrains.append(neo.SpikeTrain(t, units=pq.ms, t_start=0.0 * pq.ms, t_stop=stop * pq.ms,
                                                  name=f"{p}{i}", population=p, node_id=i,
                                                  gid=i + int(offsets.get(p, 0))))
    return seg
