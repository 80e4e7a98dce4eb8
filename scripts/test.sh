#!/usr/bin/env bash
# The project's test command (README.md): every module's tests, fuzz corpora and
# leak checks (`mvn verify`), then the interop tests that drive real clients,
# inside a loopback-only network namespace so no real client can reach the network.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -ntp verify "$@"

if [ "${SKIP_INTEROP:-}" = 1 ]; then
  echo "SKIPPED: interop tests (SKIP_INTEROP=1)"
  exit 0
fi
if ! unshare -n true 2>/dev/null; then
  echo "SKIPPED: interop tests: 'unshare -n' is not permitted here (needs root or user namespaces)"
  exit 0
fi
# Everything is resolved by the online run above; inside the namespace Maven runs offline.
unshare -n bash -c 'ip link set lo up && mvn -B -ntp -o -Pinterop test -Dsurefire.failIfNoSpecifiedTests=false "$@"' bash "$@"

# WebRTC tests (simple-peer): libwebrtc ignores loopback, so the namespace gets one interface of
# its own on a private address (a dummy one, or a veth pair where the dummy driver is missing).
# It leads nowhere: no route leaves the namespace, so no WebRTC packet reaches a real network.
if [ "${SKIP_WEBRTC:-}" = 1 ]; then
  echo "SKIPPED: WebRTC tests (SKIP_WEBRTC=1)"
  exit 0
fi
unshare -n bash -c '
  set -e
  ip link set lo up
  if ! ip link add wrtc0 type dummy 2>/dev/null; then
    ip link add wrtc0 type veth peer name wrtc1
    ip link set wrtc1 up
  fi
  ip addr add 10.213.0.1/24 dev wrtc0
  ip link set wrtc0 up
  sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 || true
  mvn -B -ntp -o -Pwebrtc -pl simple-peer -am test'
