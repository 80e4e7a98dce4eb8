#!/usr/bin/env bash
# The project's test command (README.md): every module's tests, fuzz corpora and
# leak checks (`mvn verify`), then the interop tests that drive real clients,
# inside a loopback-only network namespace so no real client can reach the network.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -ntp verify "$@"
# The ./webtorrent launcher, with the jar that verify built (and its AOT cache on JDK 25+).
scripts/launcher-test.sh

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

# WebRTC tests (simple-peer): libwebrtc ignores loopback, so their namespace gets one interface
# of its own that leads nowhere (scripts/webrtc-netns.sh).
if [ "${SKIP_WEBRTC:-}" = 1 ]; then
  echo "SKIPPED: WebRTC tests (SKIP_WEBRTC=1)"
  exit 0
fi
scripts/webrtc-netns.sh mvn -B -ntp -o -Pwebrtc -pl simple-peer -am test
