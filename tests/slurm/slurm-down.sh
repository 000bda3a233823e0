#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# slurm-down.sh: stops the cluster of slurm-up.sh under $BASE, each daemon by the PID in its pid
# file (TERM, then KILL after 10 s). Leaves $BASE in place (logs); takes about 6 s.
: "${BASE:?}"
for f in "$BASE/run/slurmd.pid" "$BASE/run/slurmctld.pid" "$BASE/munge/munged.pid"; do
  [ -f "$f" ] || continue
  pid=$(cat "$f"); kill -TERM "$pid" 2>/dev/null || continue
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
done
exit 0
