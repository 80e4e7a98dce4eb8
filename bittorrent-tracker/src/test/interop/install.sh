#!/usr/bin/env bash
# Installs the npm packages the bittorrent-tracker interop tests drive (idempotent).
# The folder .interop/ is git-ignored; --ignore-scripts keeps the install offline-safe.
set -euo pipefail
cd "$(dirname "$0")/../../.."
DIR=.interop/node
VERSION=11.2.3
if [ -f "$DIR/node_modules/bittorrent-tracker/package.json" ] \
   && grep -q "\"version\": \"$VERSION\"" "$DIR/node_modules/bittorrent-tracker/package.json"; then
  echo "bittorrent-tracker@$VERSION already installed in $DIR"
  exit 0
fi
mkdir -p "$DIR"
npm install --prefix "$DIR" --ignore-scripts --no-audit --no-fund "bittorrent-tracker@$VERSION" ws@8
