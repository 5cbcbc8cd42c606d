#!/usr/bin/env bash
# HTTP benchmark (bench/README.md, "HTTP"): `frontdesk serve` on the example
# shop (SQLite store, synchronous full: every answer is fsync'ed first) against
# a bare cpp-httplib server tuned the same way (bench/http_bare_server.cc), both
# on free loopback ports, driven by wrk: POST /v1/messages (bench/http_bench.lua)
# at 1 and 50 connections, the web chat's message endpoint
# (bench/http_bench_chat.lua, over 200 sessions) at 50, then both again while
# STREAMS (default 1000) server-sent event streams are held open
# (bench/hold_streams.py). Prints requests/s, p99 and the ratio frontdesk/bare.
#
#   bench/http_bench.sh                 # BUILD_DIR=build, DURATION=10s
#   KEY=... bench/http_bench.sh         # sends Authorization: Bearer KEY
#                                       # (default: a key made for the run)
# Environment: BUILD_DIR, DURATION (wrk -d), CONNECTIONS (default "1 50"),
# STREAMS (default 1000; 0 = skip the rows with streams open),
# THREADS (wrk -t for more than one connection, default 2), WORKERS (both
# servers, default 64).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/${BUILD_DIR:-build}"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-1 50}"
streams="${STREAMS:-1000}"
threads="${THREADS:-2}"
workers="${WORKERS:-64}"
frontdesk="$build/frontdesk"
bare="$build/bench/http_bare_server"
for f in "$frontdesk" "$bare"; do
  [ -x "$f" ] || { echo "http_bench: $f is missing; build it first (cmake --build $build)" >&2; exit 1; }
done
command -v wrk >/dev/null || { echo "http_bench: wrk not found (scripts/install-deps.sh installs it)" >&2; exit 1; }

# A copy of the example shop beside links to the shipped packs, so that its
# relative paths hold and its store and shop database are built in the temp
# directory. Only `server:` changes: wrk is one address, so no rate limit.
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/examples"
cp -r "$root/examples/shop" "$work/examples/shop"
rm -f "$work"/examples/shop/*.db "$work"/examples/shop/*.db-*
ln -s "$root/intents" "$work/intents"
ln -s "$root/rules" "$work/rules"
config="$work/examples/shop/frontdesk.yaml"
sed -i '/^server:/,$d' "$config"
cat >> "$config" <<YAML
server:
  listen: 127.0.0.1:0
  workers: $workers
  max_connections: 256
  rate_limit: {per_ip_per_second: 0, per_session_per_second: 0}
YAML

# Starts "$@" with stdout to $1.out; waits for "http://HOST:PORT" there and
# sets $url to it. (Not run in $(...): the pid must reach the cleanup.)
start() {
  local name="$1"; shift
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  for _ in $(seq 1 300); do
    if grep -qo 'http://127.0.0.1:[0-9]*' "$work/$name.out" 2>/dev/null; then
      url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/$name.out" | head -1)"
      return 0
    fi
    sleep 0.1
  done
  echo "http_bench: $name did not start:" >&2
  cat "$work/$name.err" >&2
  exit 1
}

# POST /v1/messages takes an API key: make one in the benchmark's own store
# unless KEY names one.
if [ -z "${KEY:-}" ]; then
  KEY="$("$frontdesk" key add bench -c "$config")"
fi
export KEY

start frontdesk "$frontdesk" serve -c "$config"
fd_url="$url"
start bare "$bare" --workers "$workers"
bare_url="$url"
echo "frontdesk: $fd_url (store $work/examples/shop/frontdesk.db, synchronous full)"
echo "bare:      $bare_url"

# One wrk run; prints its RESULT line. $3: the script (default http_bench.lua).
run() {
  local url="$1" c="$2" script="${3:-http_bench.lua}" t="$threads"
  [ "$c" -lt "$t" ] && t="$c"
  wrk -t"$t" -c"$c" -d"$duration" --latency -s "$root/bench/$script" "$url" | grep '^RESULT'
}

# 200 chat sessions for http_bench_chat.lua ("ID TOKEN" lines).
export SESSIONS="$work/sessions.txt"
for _ in $(seq 1 200); do
  curl -sf -X POST -H 'Content-Type: application/json' -d '{}' "$fd_url/v1/chat/sessions"
  echo
done | sed -n 's/.*"id":"\([^"]*\)".*"token":"\([^"]*\)".*/\1 \2/p; s/.*"token":"\([^"]*\)".*"id":"\([^"]*\)".*/\2 \1/p' >"$SESSIONS"
[ "$(wc -l <"$SESSIONS")" -eq 200 ] || { echo "http_bench: could not open 200 chat sessions" >&2; exit 1; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

# Warm up both (page cache, SQLite, the first connections).
DURATION_SAVED="$duration"; duration=2s
run "$fd_url" 2 >/dev/null; run "$bare_url" 2 >/dev/null
duration="$DURATION_SAVED"

# One row: frontdesk's endpoint ($1, its script $3) against the bare handler,
# at $2 connections; $4 says what else is going on.
row() {
  local what="$1" c="$2" script="$3" extra="$4"
  local f b ratio
  f="$(run "$fd_url" "$c" "$script")"
  b="$(run "$bare_url" "$c")"
  ratio="$(awk -v a="$(field rps "$f")" -v b="$(field rps "$b")" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
  printf '%-26s %6s %12s %9s %10s %9s %6s %s\n' "$what" "$c" "$(field rps "$f")" "$(field p99_ms "$f")" \
    "$(field rps "$b")" "$(field p99_ms "$b")" "$ratio" "$(field non2xx "$f")"
}

printf '%-26s %6s %12s %9s %10s %9s %6s %s\n' endpoint conns "frontdesk/s" "p99 ms" "bare/s" "p99 ms" ratio "frontdesk non-2xx"
for c in $connections; do row "POST /v1/messages" "$c" http_bench.lua ""; done
row "POST chat .../messages" 50 http_bench_chat.lua ""
if [ "$streams" -gt 0 ]; then
  "$root/bench/hold_streams.py" "$fd_url" "$streams" >"$work/streams.out" 2>"$work/streams.err" &
  pids+=($!)
  for _ in $(seq 1 600); do
    grep -q holding "$work/streams.out" 2>/dev/null && break
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/streams.err" >&2; exit 1; }
    sleep 0.1
  done
  grep -q holding "$work/streams.out" || { echo "http_bench: the streams did not open" >&2; exit 1; }
  row "POST /v1/messages +${streams}sse" 50 http_bench.lua ""
  row "POST chat +${streams}sse" 50 http_bench_chat.lua ""
fi
