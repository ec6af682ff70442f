#!/usr/bin/env bash
# The benchmark suite in one command: installs what it needs (rclone, the AWS CLI, wrk, GNU time) from the
# distribution's packages when missing, builds the sidecar and runs SyncBench against S3Proxy on 127.0.0.1 (one
# markdown table, also in target/bench/results.md), BurstBench, CompressionBench and MemoryPushBench (the MCP
# fallback on 100,000 and 1,000,000 rows: rows/s and peak RSS, target/bench/memories.md).
# Extra arguments go to Maven, e.g.
#   src/bench/run.sh -Dbench.runs=3 -Dbench.large-mb=0
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
command -v rclone >/dev/null || missing+=(rclone)
[ -x /usr/bin/aws ] || missing+=(awscli) # Debian's AWS CLI, whatever else is on PATH
command -v wrk >/dev/null || missing+=(wrk)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi

exec ./mvnw -B -ntp -Pbench verify "$@"
