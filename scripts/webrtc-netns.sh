#!/usr/bin/env bash
# Runs a command in a network namespace of its own (unshare -n) that has loopback and one more
# interface, wrtc0 on 10.213.0.1/24 (a dummy one, or a veth pair where the dummy driver is
# missing): libwebrtc ignores loopback, and wrtc0 leads nowhere, so no WebRTC packet reaches a
# real network. WRTC_DEFAULT_ROUTE=1 also routes everything into wrtc0: Chromium gathers host
# candidates only on the interface of the default route (without a media permission).
# Usage: scripts/webrtc-netns.sh COMMAND [ARG]...
set -euo pipefail
exec unshare -n bash -c '
  set -e
  ip link set lo up
  if ! ip link add wrtc0 type dummy 2>/dev/null; then
    ip link add wrtc0 type veth peer name wrtc1
    ip link set wrtc1 up
  fi
  ip addr add 10.213.0.1/24 dev wrtc0
  ip link set wrtc0 up
  if [ "${WRTC_DEFAULT_ROUTE:-}" = 1 ]; then
    ip route add default dev wrtc0
  fi
  sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 || true
  exec "$@"' bash "$@"
