#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# slurm-up.sh: a throwaway one-node SLURM cluster (munge + slurmctld + slurmd) under $BASE, with no
# systemd and nothing written under /etc (verified on Debian 12 with slurm-wlm 22.05 and munge
# 0.5.15). Clients and jobs find it through SLURM_CONF=$BASE/etc/slurm.conf. Stop it with
# slurm-down.sh (by PID). Keep $BASE short: the munge socket path must stay under 108 bytes.
#   BASE=$(mktemp -d /tmp/slurm.XXXX) tests/slurm/slurm-up.sh
# Installs slurm-wlm and munge (Debian packages) when missing and SLURM_UP_INSTALL=1 (tools/bootstrap.sh
# installs them for CI).
set -euo pipefail
: "${BASE:?set BASE to a fresh directory (keep it short: the munge socket path must be < 108 chars)}"
if ! command -v slurmctld >/dev/null; then
  [ "${SLURM_UP_INSTALL:-0}" = 1 ] || { echo "slurm-up: slurmctld not installed (apt-get install slurm-wlm munge)" >&2; exit 3; }
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends slurm-wlm munge
fi
rm -rf "$BASE"; mkdir -p "$BASE"/{etc,state,spool,log,run,munge}
chmod 755 "$BASE/munge"
NCPU=$(nproc)
MEM=$(( $(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p') * 9 / 10 ))   # must be <= detected

# 1. munge with a private key and a private socket
dd if=/dev/urandom of="$BASE/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$BASE/munge/munge.key"
munged -f --key-file="$BASE/munge/munge.key" --socket="$BASE/munge/munge.socket" \
       --pid-file="$BASE/munge/munged.pid" --log-file="$BASE/log/munged.log" \
       --seed-file="$BASE/munge/munged.seed"
for _ in $(seq 50); do [ -S "$BASE/munge/munge.socket" ] && break; sleep 0.1; done
munge -S "$BASE/munge/munge.socket" -n | unmunge -S "$BASE/munge/munge.socket" >/dev/null

# 2. slurm.conf: kill_invalid_depend and EnforcePartLimits make impossible jobs fail instead of
#    pending forever; batch_sched_delay=0 starts jobs every ~1 s instead of ~3 s.
cat > "$BASE/etc/slurm.conf" <<CONF
ClusterName=ci
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$BASE/munge/munge.socket
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$BASE/state
SlurmdSpoolDir=$BASE/spool
SlurmctldPidFile=$BASE/run/slurmctld.pid
SlurmdPidFile=$BASE/run/slurmd.pid
SlurmctldLogFile=$BASE/log/slurmctld.log
SlurmdLogFile=$BASE/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=pmix
MailProg=/bin/true
EnforcePartLimits=ALL
DependencyParameters=kill_invalid_depend
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobCompType=jobcomp/filetxt
JobCompLoc=$BASE/log/jobcomp.txt
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SlurmctldTimeout=30
SlurmdTimeout=30
MinJobAge=300
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$NCPU RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
export SLURM_CONF="$BASE/etc/slurm.conf"

# 3. daemons: both fork into the background and write their pid files
slurmctld -c -f "$SLURM_CONF"          # -c: start with empty job state
slurmd -N localhost -f "$SLURM_CONF"   # -N: node name independent of the hostname
for _ in $(seq 150); do sinfo -h -o '%T' 2>/dev/null | grep -qx idle && break; sleep 0.2; done
sinfo -h -o '%T' | grep -qx idle || { cat "$BASE"/log/*.log >&2; exit 1; }
echo "slurm up: munged=$(cat "$BASE/munge/munged.pid") slurmctld=$(cat "$BASE/run/slurmctld.pid") slurmd=$(cat "$BASE/run/slurmd.pid")"
