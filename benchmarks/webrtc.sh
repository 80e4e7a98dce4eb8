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
exec unshare -n bash -c '
  set -e
  ip link set lo up
  if ! ip link add wrtc0 type dummy 2>/dev/null; then
    ip link add wrtc0 type veth peer name wrtc1
    ip link set wrtc1 up
  fi
  ip addr add 10.213.0.1/24 dev wrtc0
  ip link set wrtc0 up
  # Chromium gathers host candidates only on the interface of the default route (without a
  # media permission); this route leads into the veth/dummy, i.e. nowhere outside the namespace.
  ip route add default dev wrtc0
  sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 || true
  exec java -Xms256m -Xmx256m -XX:+AlwaysPreTouch -cp "$0" org.webtorrent4j.benchmarks.webrtc.WebRtcBenchmark "$@"' "$cp" "$@"
