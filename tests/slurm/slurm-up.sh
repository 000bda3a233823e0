#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# slurm-up.sh: a throwaway SLURM cluster under $BASE (munge + slurmctld + one slurmd per node), with
# no systemd and nothing written under /etc (verified on Debian 12 with slurm-wlm 22.05, munge 0.5.15
# and Open MPI 4.1). Clients and jobs find it through SLURM_CONF=$BASE/etc/slurm.conf. Stop it with
# slurm-down.sh (by PID). Keep $BASE short: the munge socket path must stay under 108 bytes.
#
#   BASE=$(mktemp -d /tmp/slurm.XXXX) tests/slurm/slurm-up.sh        # one node, "localhost"
#   BASE=$(mktemp -d /tmp/slurm.XXXX) tests/slurm/slurm-up.sh 3      # three nodes, node1..node3
#
# SLURM_UP_SLURMD_TIMEOUT: slurm.conf's SlurmdTimeout in seconds (default 30): a node whose slurmd is
# silent that long is set DOWN and its batch jobs are requeued.
# SLURM_UP_CRED_EXPIRE: AuthInfo's cred_expire in seconds (default 120): a requeued job waits that
# long before it may start again.
# NODES (the argument, or SLURM_NODES; default 1):
#   1   one slurmd on 127.0.0.1 in this machine's namespaces (ranks share memory).
#   2+  every node is a slurmd in its own network and UTS namespace, with its own hostname (nodeI)
#       and its own address on a private bridge; slurmctld and munged stay here. Ranks on different
#       nodes see different hostnames and talk to each other over TCP on the bridge, as on a real
#       cluster. Needs root and iproute2/util-linux (ip, nsenter, unshare); the bridge, the veth
#       pairs and the namespaces exist only on this machine and are removed by slurm-down.sh.
#
# Ports: slurmctld and slurmd listen on two ports chosen free when the cluster starts (below the
# kernel's ephemeral range), so this cluster can run beside another SLURM on the same host. The
# bridge's name, namespaces and /24 subnet get a random tag checked against what exists.
#
# Exit codes (distinct, so that a test can skip with the reason):
#   0 up (prints the PIDs and the nodes)   3 SLURM or munge not installed
#   4 network namespaces unavailable (not root, tools missing, or the kernel refuses)
#   5 the daemons did not come up (their logs are printed)   2 bad usage
# Installs slurm-wlm and munge (Debian packages) when missing and SLURM_UP_INSTALL=1
# (tools/bootstrap.sh installs them for CI).
set -euo pipefail
: "${BASE:?set BASE to a fresh directory (keep it short: the munge socket path must be < 108 chars)}"
NODES=${1:-${SLURM_NODES:-1}}
[[ $NODES =~ ^[1-9][0-9]?$ ]] || { echo "slurm-up: NODES must be 1..99, not '$NODES'" >&2; exit 2; }
# How long slurmctld waits for a silent slurmd before it sets the node DOWN and requeues its jobs
# (it pings every SlurmdTimeout/3 s): 30 s by default; the node-failure test uses 10.
SLURMD_TIMEOUT=${SLURM_UP_SLURMD_TIMEOUT:-30}
[[ $SLURMD_TIMEOUT =~ ^[1-9][0-9]{0,3}$ ]] || { echo "slurm-up: SLURM_UP_SLURMD_TIMEOUT must be 1..9999 s, not '$SLURMD_TIMEOUT'" >&2; exit 2; }
# The lifetime of a job step's credential, which is also how long a requeued job waits before it
# may start again (SLURM sets its begin time to now + cred_expire + 1): 120 s by default.
CRED_EXPIRE=${SLURM_UP_CRED_EXPIRE:-120}
[[ $CRED_EXPIRE =~ ^[1-9][0-9]{0,4}$ ]] || { echo "slurm-up: SLURM_UP_CRED_EXPIRE must be 1..99999 s, not '$CRED_EXPIRE'" >&2; exit 2; }
say() { echo "slurm-up: $*" >&2; }

if ! command -v slurmctld >/dev/null; then
  [ "${SLURM_UP_INSTALL:-0}" = 1 ] || { say "slurmctld not installed (apt-get install slurm-wlm munge)"; exit 3; }
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends slurm-wlm munge
fi
for c in slurmctld slurmd munged munge unmunge sinfo; do
  command -v "$c" >/dev/null || { say "$c not installed (apt-get install slurm-wlm munge)"; exit 3; }
done
if [ "$NODES" -gt 1 ]; then
  [ "$(id -u)" = 0 ] || { say "$NODES nodes need network namespaces, which need root"; exit 4; }
  for c in ip nsenter unshare hostname; do
    command -v "$c" >/dev/null || { say "$c not found: $NODES nodes need iproute2 and util-linux"; exit 4; }
  done
fi

rm -rf "$BASE"; mkdir -p "$BASE"/{etc,state,spool,log,run,munge,tmp}
chmod 755 "$BASE/munge"
NCPU=$(nproc)
MEM=$(slurmd -C 2>"$BASE/log/slurmd-C.err" | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' || true)
[ -n "$MEM" ] || { say "slurmd -C failed: $(cat "$BASE/log/slurmd-C.err")"; exit 5; }
MEM=$(( MEM * 9 / 10 ))   # must be <= what slurmd detects

# Two TCP ports nobody listens on here, below the ephemeral range (so that no outgoing connection
# takes one between now and the daemons' bind).
eph_lo=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
port_used() { ss -Htln "sport = :$1" 2>/dev/null | grep -q . ||
              grep -qi ":$(printf '%04X' "$1") .* 0A " /proc/net/tcp /proc/net/tcp6 2>/dev/null; }
free_port() {
  local p
  for _ in $(seq 200); do
    p=$(( 10000 + RANDOM % (eph_lo - 10000) ))
    [ "$p" = "${1-}" ] && continue
    port_used "$p" || { echo "$p"; return 0; }
  done
  say "no free TCP port found"; return 1
}
CTLD_PORT=$(free_port) || exit 5
SLURMD_PORT=$(free_port "$CTLD_PORT") || exit 5

# ---- network namespaces (NODES > 1) -------------------------------------------------------------
# Names carry a random tag (interface names must stay within 15 characters); the subnet is
# 10.<a>.<b>.0/24, one that no route here uses. The controller is .1 on the bridge, node i .(10+i).
if [ "$NODES" -gt 1 ]; then
  for _ in $(seq 50); do
    tag=$(printf '%04x' $(( RANDOM % 65536 )))
    a=$(( 100 + RANDOM % 100 )); b=$(( RANDOM % 250 ))
    ip link show "bn${tag}br" >/dev/null 2>&1 && continue
    ip -4 route 2>/dev/null | grep -q "^10\.$a\.$b\." && continue
    ip -4 addr 2>/dev/null | grep -q " 10\.$a\.$b\." && continue
    break
  done
  BRIDGE=bn${tag}br; NET=10.$a.$b
  # What slurm-down.sh removes; written before anything is created, so a half-made cluster goes too.
  { echo "BRIDGE=$BRIDGE"; echo -n "NETNS='"
    for i in $(seq "$NODES"); do echo -n "bn${tag}n$i "; done; echo "'"; } >"$BASE/run/netns.env"
  netfail() { say "cannot set up network namespaces: $1"; say "(needs root with CAP_NET_ADMIN and CAP_SYS_ADMIN; in a container, --privileged or --cap-add)"; exit 4; }
  ip link add "$BRIDGE" type bridge 2>"$BASE/log/ip.err" || netfail "ip link add $BRIDGE type bridge: $(cat "$BASE/log/ip.err")"
  { ip addr add "$NET.1/24" dev "$BRIDGE" && ip link set "$BRIDGE" up; } || netfail "bridge address"
  for i in $(seq "$NODES"); do
    ns=bn${tag}n$i
    ip netns add "$ns" 2>"$BASE/log/ip.err" || netfail "ip netns add $ns: $(cat "$BASE/log/ip.err")"
    ip link add "bn${tag}v$i" type veth peer name eth0 netns "$ns" 2>"$BASE/log/ip.err" ||
      netfail "veth pair for $ns: $(cat "$BASE/log/ip.err")"
    ip link set "bn${tag}v$i" master "$BRIDGE" up || netfail "veth bn${tag}v$i on the bridge"
    nsenter --net="/var/run/netns/$ns" sh -c "ip addr add $NET.$((10 + i))/24 dev eth0 &&
      ip link set eth0 up && ip link set lo up" || netfail "addresses in $ns"
  done
  if command -v ping >/dev/null && ! ping -c 1 -W 2 "$NET.11" >/dev/null 2>&1; then
    netfail "$NET.11 (node1) does not answer on the bridge"
  fi
  CTLD_HOST="$(hostname)($NET.1)"   # must be this machine's hostname; the address in parentheses
else
  CTLD_HOST=localhost
fi

# ---- 1. munge with a private key and a private socket ------------------------------------------
dd if=/dev/urandom of="$BASE/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$BASE/munge/munge.key"
munged -f --key-file="$BASE/munge/munge.key" --socket="$BASE/munge/munge.socket" \
       --pid-file="$BASE/munge/munged.pid" --log-file="$BASE/log/munged.log" \
       --seed-file="$BASE/munge/munged.seed" || { say "munged did not start"; cat "$BASE/log/munged.log" >&2; exit 5; }
for _ in $(seq 50); do [ -S "$BASE/munge/munge.socket" ] && break; sleep 0.1; done
munge -S "$BASE/munge/munge.socket" -n | unmunge -S "$BASE/munge/munge.socket" >/dev/null ||
  { say "munge does not answer"; cat "$BASE/log/munged.log" >&2; exit 5; }

# ---- 2. slurm.conf -----------------------------------------------------------------------------
# kill_invalid_depend and EnforcePartLimits make impossible jobs fail instead of pending forever;
# batch_sched_delay=0 starts jobs every ~1 s instead of ~3 s. %n in a path is the node's name:
# every node needs its own spool, pid file, log and TmpFS (PMIx puts its spmix_appdir_* folders
# under TmpFS, and two nodes sharing one /tmp collide there: "File exists", task launch failed).
if [ "$NODES" -gt 1 ]; then
  ncpu=$(( NCPU / NODES )); ncpu=$(( ncpu < 1 ? 1 : ncpu ))
  nodes_conf=""
  for i in $(seq "$NODES"); do
    mkdir -p "$BASE/spool/node$i" "$BASE/tmp/node$i"
    nodes_conf+="NodeName=node$i NodeAddr=$NET.$((10 + i)) CPUs=$ncpu RealMemory=$(( MEM / NODES )) State=UNKNOWN"$'\n'
  done
  per_node="SlurmdSpoolDir=$BASE/spool/%n
SlurmdPidFile=$BASE/run/slurmd.%n.pid
SlurmdLogFile=$BASE/log/slurmd.%n.log
TmpFS=$BASE/tmp/%n"
else
  nodes_conf="NodeName=localhost NodeAddr=127.0.0.1 CPUs=$NCPU RealMemory=$MEM State=UNKNOWN"
  per_node="SlurmdSpoolDir=$BASE/spool
SlurmdPidFile=$BASE/run/slurmd.pid
SlurmdLogFile=$BASE/log/slurmd.log"
fi
cat > "$BASE/etc/slurm.conf" <<CONF
ClusterName=ci
SlurmctldHost=$CTLD_HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$BASE/munge/munge.socket,cred_expire=$CRED_EXPIRE
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
StateSaveLocation=$BASE/state
$per_node
SlurmctldPidFile=$BASE/run/slurmctld.pid
SlurmctldLogFile=$BASE/log/slurmctld.log
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
SlurmdTimeout=$SLURMD_TIMEOUT
MinJobAge=300
$nodes_conf
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
export SLURM_CONF="$BASE/etc/slurm.conf"

# ---- 3. daemons: each forks into the background and writes its pid file --------------------------
fail() { say "$1"; for f in "$BASE"/log/*.log; do echo "--- $f" >&2; tail -n 30 "$f" >&2; done; exit 5; }
slurmctld -c -f "$SLURM_CONF" || fail "slurmctld did not start"     # -c: start with empty job state
if [ "$NODES" -gt 1 ]; then
  # Enter only the node's network namespace, plus a new UTS namespace for its hostname. Not
  # `ip netns exec`: that also makes a new mount namespace with its own /sys, where slurmd finds
  # no cgroup mount and exits ("Unable to initialize cgroup plugin").
  for i in $(seq "$NODES"); do
    nsenter --net="/var/run/netns/bn${tag}n$i" unshare --uts \
      sh -c "hostname node$i && exec slurmd -N node$i -f '$SLURM_CONF'" || fail "slurmd of node$i did not start"
  done
else
  slurmd -N localhost -f "$SLURM_CONF" || fail "slurmd did not start"   # -N: node name, not the hostname
fi
for _ in $(seq 150); do
  [ "$(sinfo -h -N -t idle -o '%N' 2>/dev/null | sort -u | wc -l)" = "$NODES" ] && break; sleep 0.2
done
[ "$(sinfo -h -N -t idle -o '%N' 2>/dev/null | sort -u | wc -l)" = "$NODES" ] ||
  { sinfo -N >&2 || true; fail "not all $NODES node(s) idle after 30 s"; }
pids="munged=$(cat "$BASE/munge/munged.pid") slurmctld=$(cat "$BASE/run/slurmctld.pid")"
for f in "$BASE"/run/slurmd*.pid; do n=${f##*/slurmd}; n=${n%.pid}; pids+=" slurmd${n}=$(cat "$f")"; done
echo "slurm up ($NODES node(s): $(sinfo -h -N -o '%N' | sort -u | paste -sd,), ports $CTLD_PORT/$SLURMD_PORT${NET:+, bridge $BRIDGE $NET.0/24}): $pids"
