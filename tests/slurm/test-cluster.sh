# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the multi-node SLURM tests: start_test_cluster NODES [VAR=value...] starts a test
# cluster of NODES nodes under a fresh $BASE (slurm-up.sh, with the VAR=value settings in its
# environment), stops it by PID when the test exits (slurm-down.sh; $BASE is removed unless
# BALNET_SLURM_TEST_KEEP is set) and exports SLURM_CONF. Where the cluster cannot start it exits
# 77 (CTest SKIP) with the reason (slurm-up.sh exit codes 3, 4, 5). Needs $here (tests/slurm).
start_test_cluster() {
  local nodes=$1 rc
  shift
  BASE=$(mktemp -d /tmp/slurm.XXXX)
  export BASE
  trap '"$here/slurm-down.sh"; [ -n "${BALNET_SLURM_TEST_KEEP-}" ] || rm -rf "$BASE" "$BASE.up.log"' EXIT
  env "$@" "$here/slurm-up.sh" "$nodes" >"$BASE.up.log" 2>&1
  rc=$?
  cat "$BASE.up.log"
  case $rc in
    0) ;;
    3) echo "SKIP: SLURM or munge is not installed (slurm-up.sh exit 3)"; exit 77 ;;
    4) echo "SKIP: network namespaces are not available here, so no cluster of $nodes nodes (slurm-up.sh exit 4)"; exit 77 ;;
    5) echo "SKIP: the SLURM daemons did not start (slurm-up.sh exit 5, logs above)"; exit 77 ;;
    *) echo "FAIL: slurm-up.sh $nodes exited with $rc"; exit 1 ;;
  esac
  export SLURM_CONF=$BASE/etc/slurm.conf
}
