#!/usr/bin/env bash
# Installs the real WebRTC peers of simple-peer's interop tests (idempotent):
# Debian's Chromium (the browser's own RTCPeerConnection), libpulse0 (needed by
# webrtc-java's native library) and, from npm, @roamhq/wrtc (WebRTC for Node) with ws.
set -euo pipefail
module="$(cd "$(dirname "$0")/../../.." && pwd)"

if command -v apt-get >/dev/null; then
  need=()
  command -v chromium >/dev/null || need+=(chromium)
  dpkg -s libpulse0 >/dev/null 2>&1 || need+=(libpulse0)
  if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${need[@]}"
  fi
fi

if command -v npm >/dev/null; then
  dir="$module/.interop/node"
  if [ ! -f "$dir/node_modules/@roamhq/wrtc/package.json" ] || [ ! -f "$dir/node_modules/ws/package.json" ]; then
    mkdir -p "$dir"
    # --ignore-scripts: no install script may reach the network; @roamhq/wrtc ships its
    # binary as the package @roamhq/wrtc-linux-x64 (../shared/REAL-PEERS.md).
    npm install --prefix "$dir" --ignore-scripts --no-audit --no-fund @roamhq/wrtc@0.10.0 ws@8.23.0
  fi
else
  echo "install.sh: npm not found; the Node interop tests of simple-peer will skip"
fi
