#!/usr/bin/env bash
# Loopback swarm benchmark: a 1 GiB single-file torrent with 1 MiB pieces, downloaded over TCP
# on 127.0.0.1 in three pairings, in one run: our seeder to our leecher, python3-libtorrent's
# seeder to our leecher, and libtorrent to itself (both with its high-performance preset).
# Prints MB/s, the leecher's CPU seconds and (ours) its peak heap; our leecher runs with a
# 256 MiB heap limit, once in a fresh JVM, once warm (second download in the same JVM) and as
# the fourth download in one JVM, where compilation has nearly settled; then once more in a fresh
# JVM from the seeder that has served those (a long-running seeder's case). Our processes run with
# the command line's JVM options (webtorrent-client/jvm.options), as `webtorrent download` does.
# Where a JDK 25 or later is found (JAVA25_HOME, or the newest /usr/lib/jvm/*-2[5-9]*), our fresh
# JVMs also run on it, without and with an AOT cache, with the options ./webtorrent gives them
# there; the caches are trained first on another torrent (three files, 96 MiB, 256 KiB pieces).
# Likewise on the default JDK (17) with the AppCDS archives ./webtorrent keeps on JDK 17-24,
# trained on the same torrent.
# Usage: benchmarks/swarm-loopback.sh [RUNS]
# Everything runs inside a loopback-only network namespace (unshare -n).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-3}"
WORK="${BENCH_DIR:-/tmp/webtorrent4j-swarm-bench}"
LT="$PWD/testkit/src/main/resources/org/webtorrent4j/testkit/lt_peer.py"

mvn -B -ntp -q -pl benchmarks -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile=target/swarm.classpath -Dmdep.includeScope=runtime
# Jars only: an AOT cache takes no class directories.
CP="$(ls "$PWD"/benchmarks/target/benchmarks-*.jar):$(cat benchmarks/target/swarm.classpath)"

mkdir -p "$WORK/seed"
if [ "$(stat -c %s "$WORK/seed/data.bin" 2>/dev/null || echo 0)" != 1073741824 ]; then
  head -c 1073741824 /dev/urandom > "$WORK/seed/data.bin"
fi
[ -f "$WORK/data.torrent" ] || mktorrent -l 20 -o "$WORK/data.torrent" "$WORK/seed/data.bin" > /dev/null
cat "$WORK/seed/data.bin" > /dev/null   # warm the page cache

JVM_OPTS=$(grep -v '^#' webtorrent-client/jvm.options | sed "s|@dir@|$PWD/webtorrent-client|" | tr '\n' ' ' || true)
JDK25=${JAVA25_HOME:-$(ls -d /usr/lib/jvm/*-2[5-9]* 2>/dev/null | sort -V | tail -n 1 || true)}
if [ -n "$JDK25" ] && [ -x "$JDK25/bin/java" ]; then
  # The launcher's JDK 24+ option (see ./webtorrent); on the class path, not the jar, native
  # access (Netty's epoll) is allowed here rather than by the jar's manifest.
  JAVA25="$JDK25/bin/java $JVM_OPTS --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
  JAVA25_AOT="$JAVA25 -XX:AOTCache"
  if grep -q '^JAVA_VERSION="25[."]' "$JDK25/release" 2>/dev/null; then
    JAVA25_AOT="$JAVA25 -XX:+UnlockExperimentalVMOptions -XX:+AOTCompileEagerly -XX:AOTCache"
  fi
else
  JAVA25=
  echo "JDK 25 rows skipped: no JDK 25 or later (set JAVA25_HOME)"
fi
mkdir -p "$WORK/train/seed/album"
for i in 1 2 3; do
  [ -f "$WORK/train/seed/album/track$i.bin" ] || head -c $((32 * 1024 * 1024 + i * 12345)) /dev/urandom > "$WORK/train/seed/album/track$i.bin"
done
[ -f "$WORK/train/album.torrent" ] || mktorrent -l 18 -o "$WORK/train/album.torrent" "$WORK/train/seed/album" > /dev/null
export CP WORK LT RUNS JVM_OPTS JAVA25 JAVA25_AOT
unshare -n bash -c '
set -euo pipefail
ip link set lo up
await() { for _ in $(seq 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "no $2 in $1" >&2; exit 1; }
# ours_to_ours NAME JAVA...: our seeder and a fresh leecher, both run by JAVA..., one download.
ours_to_ours() {
  local name=$1; shift
  rm -rf "$WORK/leech"; mkdir -p "$WORK/leech"
  $1 -cp "$CP" org.webtorrent4j.benchmarks.swarm.SwarmBenchmark seed "$WORK/data.torrent" "$WORK/seed" 7001 > "$WORK/seed.out" &
  local seeder=$!; await "$WORK/seed.out" READY
  $2 -Xmx256m -cp "$CP" org.webtorrent4j.benchmarks.swarm.SwarmBenchmark leech "$WORK/data.torrent" "$WORK/leech" 7001 \
    | grep DONE | report "$name"
  kill $seeder; wait $seeder 2>/dev/null || true
}
# train LOG SEEDJAVA LEECHJAVA: one download of the small torrent, as a first run of
# `webtorrent seed` and `webtorrent download` would make, by JVMs that record what it loads.
train() {
  rm -rf "$WORK/train/leech"; mkdir -p "$WORK/train/leech"
  $2 -cp "$CP" org.webtorrent4j.benchmarks.swarm.SwarmBenchmark seed \
    "$WORK/train/album.torrent" "$WORK/train/seed" 7001 > "$WORK/seed.out" 2> "$1" &
  local seeder=$!; await "$WORK/seed.out" READY
  $3 -Xmx256m -cp "$CP" org.webtorrent4j.benchmarks.swarm.SwarmBenchmark leech \
    "$WORK/train/album.torrent" "$WORK/train/leech" 7001 >> "$1" 2>&1
  kill $seeder; wait $seeder 2>/dev/null || true
}
if [ -n "$JAVA25" ]; then
  rm -rf "$WORK/aot"; mkdir -p "$WORK/aot"
  train "$WORK/aot/train.log" "$JAVA25 -XX:AOTCacheOutput=$WORK/aot/seed.aot" "$JAVA25 -XX:AOTCacheOutput=$WORK/aot/leech.aot"
  for _ in $(seq 100); do [ -s "$WORK/aot/seed.aot" ] && break; sleep 0.1; done
  [ -s "$WORK/aot/seed.aot" ] && [ -s "$WORK/aot/leech.aot" ] || { echo "AOT training failed: $WORK/aot/train.log" >&2; exit 1; }
fi
# As ./webtorrent does on JDK 17-24: a class list recorded by a first run, then dumped as an archive.
rm -rf "$WORK/cds"; mkdir -p "$WORK/cds"
train "$WORK/cds/train.log" "java $JVM_OPTS -XX:DumpLoadedClassList=$WORK/cds/seed.classlist" \
  "java $JVM_OPTS -XX:DumpLoadedClassList=$WORK/cds/leech.classlist"
java $JVM_OPTS -Xshare:dump -XX:SharedClassListFile="$WORK/cds/seed.classlist" -XX:SharedArchiveFile="$WORK/cds/seed.jsa" \
  -cp "$CP" >> "$WORK/cds/train.log" 2>&1 \
  && java $JVM_OPTS -Xmx256m -Xshare:dump -XX:SharedClassListFile="$WORK/cds/leech.classlist" -XX:SharedArchiveFile="$WORK/cds/leech.jsa" \
  -cp "$CP" >> "$WORK/cds/train.log" 2>&1 || { echo "CDS training failed: $WORK/cds/train.log" >&2; exit 1; }
JAVA17_CDS="java $JVM_OPTS -Xshare:on -XX:SharedArchiveFile"
report() { awk -v name="$1" "{ printf \"%-44s %8.1f MB/s  leecher CPU %6.2f s%s\n\", name, 1073.741824 / \$2, \$3, (NF > 3 ? sprintf(\"  peak heap %d MiB\", \$4) : \"\") }"; }
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
  rm -rf "$WORK/leech"; mkdir -p "$WORK/leech"
  java $JVM_OPTS -Xmx256m -cp "$CP" org.webtorrent4j.benchmarks.swarm.SwarmBenchmark leech "$WORK/data.torrent" "$WORK/leech" 7001 \
    | grep DONE | report "webtorrent4j -> webtorrent4j (fresh, seeder warm)"
  kill $seeder; wait $seeder 2>/dev/null || true
  ours_to_ours "webtorrent4j -> webtorrent4j (JDK 17, CDS)" "$JAVA17_CDS=$WORK/cds/seed.jsa" "$JAVA17_CDS=$WORK/cds/leech.jsa"
  if [ -n "$JAVA25" ]; then
    ours_to_ours "webtorrent4j -> webtorrent4j (JDK 25)" "$JAVA25" "$JAVA25"
    ours_to_ours "webtorrent4j -> webtorrent4j (JDK 25, AOT)" "$JAVA25_AOT=$WORK/aot/seed.aot" "$JAVA25_AOT=$WORK/aot/leech.aot"
  fi

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
  $JAVA17_CDS="$WORK/cds/leech.jsa" -Xmx256m -cp "$CP" org.webtorrent4j.benchmarks.swarm.SwarmBenchmark leech \
    "$WORK/data.torrent" "$WORK/leech" 7002 | grep DONE | report "libtorrent -> webtorrent4j (JDK 17, CDS)"
  if [ -n "$JAVA25" ]; then
    rm -rf "$WORK/leech"; mkdir -p "$WORK/leech"
    $JAVA25_AOT="$WORK/aot/leech.aot" -Xmx256m -cp "$CP" org.webtorrent4j.benchmarks.swarm.SwarmBenchmark leech \
      "$WORK/data.torrent" "$WORK/leech" 7002 | grep DONE | report "libtorrent -> webtorrent4j (JDK 25, AOT)"
  fi

  rm -rf "$WORK/leech"; mkdir -p "$WORK/leech"
  LT_FAST=1 /usr/bin/python3 "$LT" leech "$WORK/data.torrent" "$WORK/leech" 7003 7002 < /dev/null \
    | grep DONE | report "libtorrent -> libtorrent (fast preset)"
  exec 3>&-
  wait $ltseed || true
done
'
