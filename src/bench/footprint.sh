#!/usr/bin/env bash
# Start-up and memory of the jar and the native executable side by side, in one run (FootprintBench): exec to
# ready and to the first 202 (medians of 10), RSS after start, peak RSS while delivering a 100 MB and a 1 GB
# session to S3Proxy. Links the native executable with .ci/native when target/native-probe has none (~8 GB of
# memory, 6-20 min). Prints a markdown table and writes it to target/bench/footprint.md. Extra arguments go to
# Maven, e.g.  src/bench/footprint.sh -Dbench.runs=5 -Dbench.native-options=-Xmx64m
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x target/native-probe/akosha-sync ] || .ci/native/build-native.sh "$PWD/target/native-probe"
exec ./mvnw -B -ntp -Pbench verify -Dit.test=FootprintBench -Dbench.native="$PWD/target/native-probe/akosha-sync" "$@"
