#!/usr/bin/env bash
# Loopback swarm benchmark: a 1 GiB single-file torrent with 1 MiB pieces, downloaded over TCP
# on 127.0.0.1 in three pairings, in one run: our seeder to our leecher, python3-libtorrent's
# seeder to our leecher, and libtorrent to itself (both with its high-performance preset).
# Prints MB/s, the leecher's CPU seconds and (ours) its peak heap; our leecher runs with a
# 256 MiB heap limit, once in a fresh JVM, once warm (second download in the same JVM) and as
# the fourth download in one JVM, where compilation has nearly settled. Our processes run with
# the command line's JVM options (webtorrent-client/jvm.options), as `webtorrent download` does.
# Usage: benchmarks/swarm-loopback.sh [RUNS]
# Everything runs inside a loopback-only network namespace (unshare -n).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
WORK="${BENCH_DIR:-/tmp/webtorrent4j-swarm-bench}"
LT="$PWD/testkit/src/main/resources/org/webtorrent4j/testkit/lt_peer.py"

mvn -B -ntp -q -pl benchmarks -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/swarm.classpath -Dmdep.includeScope=runtime
CP="$PWD/benchmarks/target/classes:$(cat benchmarks/target/swarm.classpath)"

mkdir -p "$WORK/seed"
if [ "$(stat -c %s "$WORK/seed/data.bin" 2>/dev/null || echo 0)" != 1073741824 ]; then
  head -c 1073741824 /dev/urandom > "$WORK/seed/data.bin"
fi
[ -f "$WORK/data.torrent" ] || mktorrent -l 20 -o "$WORK/data.torrent" "$WORK/seed/data.bin" > /dev/null
cat "$WORK/seed/data.bin" > /dev/null   # warm the page cache

JVM_OPTS=$(grep -v '^#' webtorrent-client/jvm.options | tr '\n' ' ' || true)
export CP WORK LT RUNS JVM_OPTS
unshare -n bash -c '
set -euo pipefail
ip link set lo up
await() { for _ in $(seq 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "no $2 in $1" >&2; exit 1; }
report() { awk -v name="$1" "{ printf \"%-34s %8.1f MB/s  leecher CPU %6.2f s%s\n\", name, 1073.741824 / \$2, \$3, (NF > 3 ? sprintf(\"  peak heap %d MiB\", \$4) : \"\") }"; }
for run in $(seq "$RUNS"); do
  echo "run $run"
  rm -rf "$WORK/leech"; mkdir -p "$WORK/leech"
  java $JVM_OPTS -cp "$CP" org.webtorrent4j.benchmarks.swarm.SwarmBenchmark seed "$WORK/data.torrent" "$WORK/seed" 7001 > "$WORK/seed.out" &
  seeder=$!; await "$WORK/seed.out" READY
  java $JVM_OPTS -Xmx256m -cp "$CP" org.webtorrent4j.benchmarks.swarm.SwarmBenchmark leech "$WORK/data.torrent" "$WORK/leech" 7001 \
    | grep DONE | report "webtorrent4j -> webtorrent4j"
  rm -rf "$WORK/leech"; mkdir -p "$WORK/leech"
  java $JVM_OPTS -Xmx256m -cp "$CP" org.webtorrent4j.benchmarks.swarm.SwarmBenchmark warm "$WORK/data.torrent" "$WORK/leech" 7001 \
    | grep DONE | report "webtorrent4j -> webtorrent4j (warm JVM)"
  rm -rf "$WORK/leech"; mkdir -p "$WORK/leech"
  java $JVM_OPTS -Xmx256m -cp "$CP" org.webtorrent4j.benchmarks.swarm.SwarmBenchmark warm "$WORK/data.torrent" "$WORK/leech" 7001 3 \
    | grep DONE | report "webtorrent4j -> webtorrent4j (4th download)"
  kill $seeder; wait $seeder 2>/dev/null || true

  rm -rf "$WORK/leech"; mkdir -p "$WORK/leech"
  rm -f "$WORK/lt-stdin"; mkfifo "$WORK/lt-stdin"
  LT_FAST=1 /usr/bin/python3 "$LT" seed "$WORK/data.torrent" "$WORK/seed" 7002 < "$WORK/lt-stdin" > "$WORK/lt-seed.out" &
  ltseed=$!
  exec 3> "$WORK/lt-stdin"   # the seeder runs until this is closed
  await "$WORK/lt-seed.out" READY
  java $JVM_OPTS -Xmx256m -cp "$CP" org.webtorrent4j.benchmarks.swarm.SwarmBenchmark leech "$WORK/data.torrent" "$WORK/leech" 7002 \
    | grep DONE | report "libtorrent -> webtorrent4j"
  rm -rf "$WORK/leech"; mkdir -p "$WORK/leech"
  java $JVM_OPTS -Xmx256m -cp "$CP" org.webtorrent4j.benchmarks.swarm.SwarmBenchmark warm "$WORK/data.torrent" "$WORK/leech" 7002 \
    | grep DONE | report "libtorrent -> webtorrent4j (warm JVM)"
  rm -rf "$WORK/leech"; mkdir -p "$WORK/leech"
  java $JVM_OPTS -Xmx256m -cp "$CP" org.webtorrent4j.benchmarks.swarm.SwarmBenchmark warm "$WORK/data.torrent" "$WORK/leech" 7002 3 \
    | grep DONE | report "libtorrent -> webtorrent4j (4th download)"

  rm -rf "$WORK/leech"; mkdir -p "$WORK/leech"
  LT_FAST=1 /usr/bin/python3 "$LT" leech "$WORK/data.torrent" "$WORK/leech" 7003 7002 < /dev/null \
    | grep DONE | report "libtorrent -> libtorrent (fast preset)"
  exec 3>&-
  wait $ltseed || true
done
'
