#!/usr/bin/env bash
# simple-peer figures (org.webtorrent4j.benchmarks.webrtc.WebRtcBenchmark), run inside a network
# namespace of their own: loopback plus one interface (libwebrtc ignores loopback) that leads
# nowhere. Usage: benchmarks/webrtc.sh [setup] [throughput] [memory[=N]] [memory-bare[=N]]
# (default: the first three; N connections or peers, default 1000).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -o -pl benchmarks -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime >/dev/null
cp="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
WRTC_DEFAULT_ROUTE=1 exec scripts/webrtc-netns.sh java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -cp "$cp" \
  org.webtorrent4j.benchmarks.webrtc.WebRtcBenchmark "$@"
