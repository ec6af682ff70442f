#!/usr/bin/env bash
# The benchmark suite in one command, one table at the end (target/bench/summary.md: every headline row, the
# peers beside it, the machine's cores and load average at the start). Installs what it needs (rclone, the AWS
# CLI, wrk, GNU time, iproute2's tc, util-linux's unshare) from the distribution's packages when missing, then
#  1. ./mvnw -Pbench verify: SyncBench against S3Proxy on 127.0.0.1 (its full table also in target/bench/results.md),
#     BurstBench, AcceptBench, CompressionBench, MemoryPushBench (target/bench/memories.md) and FallbackBench;
#  2. ShapedLinkBench inside a private network namespace (unshare -rn, else sudo unshare -n): tc htb at 100 and
#     10 Mbit/s on S3Proxy's port, the sidecar against rclone; Maven runs offline there (step 1 filled the cache).
# Extra arguments go to Maven in both steps, e.g.
#   src/bench/run.sh -Dbench.runs=3 -Dbench.large-mb=0 -Dbench.shaped-runs=1
# BENCH_SHAPED=skip leaves step 2 out, BENCH_SHAPED=only runs step 2 alone.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v rclone >/dev/null || missing+=(rclone)
[ -x /usr/bin/aws ] || missing+=(awscli) # Debian's AWS CLI, whatever else is on PATH
command -v wrk >/dev/null || missing+=(wrk)
[ -x /usr/bin/time ] || missing+=(time)
command -v tc >/dev/null || missing+=(iproute2)
command -v unshare >/dev/null || missing+=(util-linux)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi

load="$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)" # 1/5/15 min, no spaces: it passes through Maven to the benches
mkdir -p target/bench
rm -f target/bench/summary.md # a fresh table each run
shaped="${BENCH_SHAPED:-run}"
status=0

if [ "$shaped" != only ]; then
  suite="SyncBench,BurstBench,AcceptBench,CompressionBench,MemoryPushBench,FallbackBench"
  ./mvnw -B -ntp -Pbench verify "-Dit.test=$suite" "-Dbench.load-at-start=$load" "$@" || status=$?
fi

if [ "$shaped" != skip ]; then
  # the namespace's own loopback only: a user namespace where allowed, else root's
  if unshare -rn true 2>/dev/null; then
    ns=(unshare -rn)
  elif [ -n "$sudo" ] && sudo -n unshare -n true 2>/dev/null; then
    ns=(sudo unshare -n)
  else
    ns=()
    echo "ShapedLinkBench skipped: neither unshare -rn nor sudo unshare -n works here" >&2
    status=1
  fi
  if [ ${#ns[@]} -gt 0 ]; then
    "${ns[@]}" sh -c 'ip link set lo up && exec "$@"' sh ./mvnw -B -ntp -o -Pbench verify "-Dbench.load-at-start=$load" \
      "$@" -Dit.test=ShapedLinkBench || status=$?
  fi
fi

echo
if [ -f target/bench/summary.md ]; then
  cat target/bench/summary.md
else
  echo "no summary: no bench wrote a row (see the Maven output above)"
fi
exit $status
