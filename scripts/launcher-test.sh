#!/usr/bin/env bash
# Tests the ./webtorrent launcher against the built shaded jar (run after `mvn verify`): the
# command's output is its own on every Java (`info`, and `seed`, which loads Netty's native epoll
# library: JDK 24+ warns of that unless the jar allows it), and the start-up cache is recorded by
# the first run, assembled by the second and used by the third, both as the AppCDS archive of the
# default Java (17) and as the AOT cache of JDK 25+; WEBTORRENT_AOT=0 keeps it off.
# The JDK 25+ part needs one: JAVA25_HOME, or the newest /usr/lib/jvm/*-2[5-9]*; else it is
# skipped with the reason printed.
set -euo pipefail
cd "$(dirname "$0")/.."
fixture=../shared/fixtures/sintel.torrent
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "launcher-test: FAILED: $*" >&2; exit 1; }

# Runs `./webtorrent info` and checks that stdout is the expected summary and stderr is empty.
check_info() {
  local label=$1; shift
  env "$@" ./webtorrent info "$fixture" > "$work/out" 2> "$work/err" || fail "$label: exit $?: $(cat "$work/err")"
  cmp -s "$work/out" "$work/expected" || fail "$label: stdout differs: $(diff "$work/expected" "$work/out" | head -5)"
  [ ! -s "$work/err" ] || fail "$label: stderr: $(cat "$work/err")"
}

# Seeds a small file on loopback (no DHT, no tracker: nothing to contact) until SIGTERM (a
# background job ignores SIGINT) and checks that stdout starts with the magnet link and stderr
# stays empty.
check_seed() {
  local label=$1; shift
  head -c 100000 /dev/urandom > "$work/seeded.bin"
  env "$@" ./webtorrent seed "$work/seeded.bin" --host 127.0.0.1 --no-dht > "$work/seed.out" 2> "$work/seed.err" &
  local seeder=$!
  for _ in $(seq 100); do grep -q '^seeding on port' "$work/seed.out" && break; sleep 0.2; done
  kill -TERM $seeder; wait $seeder || true
  grep -q '^magnet:?xt=urn:btih:' "$work/seed.out" || fail "$label: seed printed no magnet link: $(cat "$work/seed.out" "$work/seed.err")"
  [ ! -s "$work/seed.err" ] || fail "$label: seed stderr: $(cat "$work/seed.err")"
}

export XDG_CACHE_HOME="$work/cache"   # never the user's own cache

# Runs one Java's start-up cache through record, assemble and use: $1 the JDK, $2 the cache's file
# extension, $3 the JVM options that make the JVM fail unless it can use the cache and log the one
# it opens to $work/cache.log, $4 what that log says on opening it.
check_cache() {
  local jdk=$1 ext=$2 strict=$3 opened=$4
  local aot="$XDG_CACHE_HOME/webtorrent4j/aot"
  local with_jdk=(JAVA_HOME="$jdk")
  rm -rf "$XDG_CACHE_HOME"
  check_info "$jdk, first run" "${with_jdk[@]}"
  ls "$aot"/info-*.conf > /dev/null 2>&1 || fail "$jdk: the first run recorded nothing: $(ls "$aot")"

  check_info "$jdk, second run" "${with_jdk[@]}"
  for _ in $(seq 120); do
    ls "$aot"/info-*."$ext" > /dev/null 2>&1 && ! ls "$aot"/info-*.assembling > /dev/null 2>&1 && break
    sleep 0.5
  done
  ls "$aot"/info-*."$ext" > /dev/null 2>&1 || fail "$jdk: no cache assembled: $(ls "$aot"); $(cat "$aot/info.log")"
  ! ls "$aot"/info-*.conf "$aot"/info-*.tmp > /dev/null 2>&1 || fail "$jdk: left over: $(ls "$aot")"

  env JAVA_TOOL_OPTIONS="$strict" "${with_jdk[@]}" ./webtorrent info "$fixture" > "$work/out" 2> "$work/err" \
    || fail "$jdk: the third run could not use the cache: $(cat "$work/err")"
  grep -q "$opened $aot/info-" "$work/cache.log" || fail "$jdk: the third run opened no cache: $(head -3 "$work/cache.log")"
  cmp -s "$work/out" "$work/expected" || fail "$jdk, third run: stdout differs"
  check_info "$jdk, third run" "${with_jdk[@]}"
  # A JVM option the cache was not made with: whatever the JVM says of that, stdout stays the command's.
  env JDK_JAVA_OPTIONS=-XX:+UseZGC "${with_jdk[@]}" ./webtorrent info "$fixture" > "$work/out" 2> "$work/err" \
    || fail "$jdk, another collector: exit $?: $(cat "$work/err")"
  cmp -s "$work/out" "$work/expected" || fail "$jdk, another collector: stdout differs: $(head -3 "$work/out")"
  keys=$(ls "$aot" | sed -n 's/^info-\([0-9]*\)\..*/\1/p' | sort -u | wc -l)
  [ "$keys" -ge 2 ] || fail "$jdk, another collector: the cache made without it was used: $(ls "$aot")"

  rm -rf "$XDG_CACHE_HOME"
  check_info "$jdk, WEBTORRENT_AOT=0" "${with_jdk[@]}" WEBTORRENT_AOT=0
  [ -z "$(ls -A "$aot" 2>/dev/null)" ] || fail "$jdk: WEBTORRENT_AOT=0 left files: $(ls "$aot")"
  echo "launcher-test: $jdk: start-up cache recorded, assembled and used: ok"
}

WEBTORRENT_AOT=0 ./webtorrent info "$fixture" > "$work/expected" 2> "$work/err" || fail "default java: exit $?: $(cat "$work/err")"
grep -q '^Info-hash: *c334138ef5bfc2d568ea7324e0e2a3a7ec229bdd$' "$work/expected" || fail "default java: no info-hash in: $(head -3 "$work/expected")"
[ ! -s "$work/err" ] || fail "default java: stderr: $(cat "$work/err")"
check_seed "default java"
if JAVA_HOME="$work/no-such-jdk" ./webtorrent info "$fixture" > /dev/null 2> "$work/err"; then
  fail "a JAVA_HOME without bin/java: exit 0"
fi
grep -q "JAVA_HOME is $work/no-such-jdk, which has no bin/java" "$work/err" || fail "a JAVA_HOME without bin/java: stderr: $(cat "$work/err")"
echo "launcher-test: default java: ok"
default_jdk=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
default_release=$(grep -h '^JAVA_VERSION=' "$default_jdk/release" | tr -dc '0-9.')
if [ "${default_release%%.*}" -lt 25 ]; then
  check_cache "$default_jdk" jsa "-Xshare:on -Xlog:cds=info:file=$work/cache.log" "Opened archive"
fi

jdk=${JAVA25_HOME:-$(ls -d /usr/lib/jvm/*-2[5-9]* 2>/dev/null | sort -V | tail -n 1 || true)}
if [ -z "$jdk" ] || [ ! -x "$jdk/bin/java" ]; then
  echo "launcher-test: SKIPPED: AOT cache: no JDK 25 or later (set JAVA25_HOME)"
  exit 0
fi
check_seed "$jdk" JAVA_HOME="$jdk" WEBTORRENT_AOT=0
check_cache "$jdk" aot "-XX:AOTMode=on -Xlog:aot=info:file=$work/cache.log" "Opened AOT cache"
