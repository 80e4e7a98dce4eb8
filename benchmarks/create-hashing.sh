#!/usr/bin/env bash
# Hashing throughput of torrent creation on a 1 GiB file: webtorrent4j vs mktorrent vs
# python3-libtorrent, plus the one-core SHA-1 ceiling. Usage: benchmarks/create-hashing.sh [RUNS]
# Needs mktorrent and python3-libtorrent (Debian packages). Nothing here touches the network;
# it still runs inside a loopback-only namespace when 'unshare -n' is allowed.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
FILE="${BENCH_FILE:-/tmp/webtorrent4j-create-bench/data-1g.bin}"

mvn -B -ntp -q -pl benchmarks -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/create-hashing.classpath -Dmdep.includeScope=runtime
CP="benchmarks/target/classes:$(cat benchmarks/target/create-hashing.classpath)"

mkdir -p "$(dirname "$FILE")"
if [ "$(stat -c %s "$FILE" 2>/dev/null || echo 0)" != 1073741824 ]; then
  head -c 1073741824 /dev/urandom > "$FILE"
fi
cat "$FILE" > /dev/null   # warm the page cache

RUN=(java -cp "$CP" org.webtorrent4j.benchmarks.CreateHashingBenchmark "$FILE" "$RUNS")
if unshare -n true 2>/dev/null; then
  unshare -n "${RUN[@]}"
else
  "${RUN[@]}"
fi
