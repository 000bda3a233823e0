#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# slurm-down.sh: stops the cluster of slurm-up.sh under $BASE. First it cancels the jobs left (so
# that slurmd ends their processes; up to 10 s), then stops each daemon by the PID in its pid file
# (TERM, then KILL after 10 s): every slurmd, then, for a cluster of several nodes, whatever still
# runs in the nodes' network namespaces (job steps; `ip netns pids`, by PID), then slurmctld and
# munged; last the namespaces and the bridge. Leaves $BASE in place (logs); takes about 6 s.
: "${BASE:?}"
if [ -f "$BASE/etc/slurm.conf" ] && [ -f "$BASE/run/slurmctld.pid" ]; then
  export SLURM_CONF=$BASE/etc/slurm.conf
  squeue -h -o %i 2>/dev/null | xargs -r scancel 2>/dev/null
  for _ in $(seq 50); do [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.2; done
fi
stop() {  # stop PID...: TERM, wait up to 10 s, then KILL
  local pid
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "$@"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  done
  return 0
}
pids=()
for f in "$BASE"/run/slurmd*.pid; do [ -f "$f" ] && pids+=("$(cat "$f")"); done
[ ${#pids[@]} -gt 0 ] && stop "${pids[@]}"
BRIDGE=""; NETNS=""
# shellcheck disable=SC1091
[ -f "$BASE/run/netns.env" ] && . "$BASE/run/netns.env"
for ns in $NETNS; do
  left=$(ip netns pids "$ns" 2>/dev/null)
  # shellcheck disable=SC2086
  [ -n "$left" ] && stop $left
done
for f in "$BASE/run/slurmctld.pid" "$BASE/munge/munged.pid"; do
  [ -f "$f" ] && stop "$(cat "$f")"
done
for ns in $NETNS; do ip netns del "$ns" 2>/dev/null; done
if [ -n "$BRIDGE" ]; then
  ip link del "$BRIDGE" 2>/dev/null
  # The kernel removes the veth ends of deleted namespaces a moment later: wait for it (up to 5 s).
  for _ in $(seq 50); do ip -o link show 2>/dev/null | grep -q " ${BRIDGE%br}v[0-9]" || break; sleep 0.1; done
fi
exit 0
