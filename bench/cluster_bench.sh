#!/usr/bin/env bash
# Nodes benchmark (bench/README.md, "Nodes on PostgreSQL"): the HTTP
# throughput of one `frontdesk serve` on SQLite, one on PostgreSQL, and two
# on PostgreSQL behind nginx (examples/nginx/frontdesk.conf with its
# addresses replaced and its per-client limits off: wrk is one address),
# all on the example shop and free loopback ports, durability on (SQLite
# synchronous full; PostgreSQL fsync and synchronous_commit on, its own
# server started here in a temp folder). wrk drives POST /v1/messages
# (bench/http_bench.lua) and the web chat's message endpoint
# (bench/http_bench_chat.lua, 200 sessions) at CONNECTIONS.
#
# Besides requests/s it prints the CPU time the server side spent per
# request (frontdesk nodes + PostgreSQL's processes + nginx, from
# /proc/PID/stat, wrk excluded), which says more than requests/s on a
# machine whose cores are shared with other work.
#
#   bench/cluster_bench.sh              # BUILD_DIR=build, DURATION=10s
# Environment: BUILD_DIR, DURATION (wrk -d), CONNECTIONS (default 50),
# THREADS (wrk -t, default 2), WORKERS (per node, default 64), PG_BIN
# (default /usr/lib/postgresql/15/bin), SETUPS (default "sqlite pg1 pg2"),
# PG_CONNECTIONS (store.connections per node, default 8).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/${BUILD_DIR:-build}"
duration="${DURATION:-10s}"
conns="${CONNECTIONS:-50}"
threads="${THREADS:-2}"
workers="${WORKERS:-64}"
pgbin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
setups="${SETUPS:-sqlite pg1 pg2}"
pgconns="${PG_CONNECTIONS:-8}"
frontdesk="$build/frontdesk"
[ -x "$frontdesk" ] || { echo "cluster_bench: $frontdesk is missing; build it first" >&2; exit 1; }
for t in wrk nginx curl; do
  command -v "$t" >/dev/null || [ -x "/usr/sbin/$t" ] ||
    { echo "cluster_bench: $t not found (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
[ -x "$pgbin/initdb" ] || { echo "cluster_bench: $pgbin/initdb not found (postgresql-15)" >&2; exit 1; }
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
tck="$(getconf CLK_TCK)"

work="$(mktemp -d)"
chmod 755 "$work"  # PostgreSQL's user reaches its folder inside
pids=()
pg_started=0
# initdb refuses root: PostgreSQL runs as Debian's postgres user then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop_nodes() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_nodes
  [ "$pg_started" = 1 ] && as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The example shop beside links to the shipped packs (its relative paths
# hold); each setup gets its own config in that folder.
mkdir -p "$work/examples"
cp -r "$root/examples/shop" "$work/examples/shop"
rm -f "$work"/examples/shop/*.db "$work"/examples/shop/*.db-*
ln -s "$root/intents" "$work/intents"
ln -s "$root/rules" "$work/rules"
shop="$work/examples/shop"
# config NAME STORE_YAML: $shop/NAME.yaml with that store and no rate limit.
config() {
  sed '/^store:/,$d' "$shop/frontdesk.yaml" >"$shop/$1.yaml"
  cat >>"$shop/$1.yaml" <<YAML
store:
$2
server:
  listen: 127.0.0.1:0
  workers: $workers
  max_connections: 256
  trusted_proxies: [127.0.0.1]
  rate_limit: {per_ip_per_second: 0, per_session_per_second: 0}
YAML
  echo "$shop/$1.yaml"
}

# PostgreSQL with its defaults for durability (fsync, synchronous_commit,
# full_page_writes on), a socket folder of its own and a free port.
start_pg() {
  mkdir -p "$work/pg/sock"
  [ "$(id -u)" = 0 ] && chown -R postgres "$work/pg"
  as_pg "$pgbin/initdb" -D "$work/pg/data" -A trust -U postgres >/dev/null
  pg_port="$(free_port)"
  as_pg "$pgbin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w \
    -o "-k $work/pg/sock -p $pg_port -c listen_addresses='' -c max_connections=100" start >/dev/null
  pg_started=1
  conninfo="host=$work/pg/sock port=$pg_port user=postgres dbname=postgres"
  postmaster="$(head -1 "$work/pg/data/postmaster.pid")"
}

# start NAME CMD...: runs it with stdout to NAME.out and waits for its URL.
start() {
  local name="$1"; shift
  "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  for _ in $(seq 1 300); do
    url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/$name.out" 2>/dev/null | head -1 || true)"
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  echo "cluster_bench: $name did not start:" >&2
  cat "$work/$name.err" >&2
  exit 1
}

# nginx on the shipped site file: the two nodes' ports and a free listen
# port swapped in, and the per-client connection and rate limits taken
# out (every wrk connection comes from one address).
start_nginx() {
  local a="$1" b="$2" d="$work/nginx"
  mkdir -p "$d/temp"
  ngx_port="$(free_port)"
  sed -e "s/server 127.0.0.1:8081/server 127.0.0.1:$a/" -e "s/server 127.0.0.1:8082/server 127.0.0.1:$b/" \
      -e "s/listen 80;/listen 127.0.0.1:$ngx_port;/" -e '/^\s*limit_req /d' -e '/^\s*limit_conn /d' \
      "$root/examples/nginx/frontdesk.conf" >"$d/site.conf"
  cat >"$d/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log warn;
$([ "$(id -u)" = 0 ] && echo "user root;")
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $d/temp/body; proxy_temp_path $d/temp/proxy;
  fastcgi_temp_path $d/temp/fastcgi; uwsgi_temp_path $d/temp/uwsgi; scgi_temp_path $d/temp/scgi;
  include $d/site.conf;
}
CONF
  "$nginx_bin" -p "$d" -c "$d/nginx.conf" -e "$d/error.log" &
  pids+=($!)
  nginx_master=$!
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$ngx_port/healthz" >/dev/null && { url="http://127.0.0.1:$ngx_port"; return 0; }
    sleep 0.1
  done
  echo "cluster_bench: nginx did not start:" >&2; cat "$d/error.log" >&2; exit 1
}

# CPU ticks (user + system) of the server side, as "NODES PG NGINX": the
# frontdesk nodes; PostgreSQL's postmaster and its backends; nginx's master
# and workers.
server_pids=()
ticks_of() {
  local p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] && sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}'
  done | awk '{s += $1} END {print s + 0}'
}
cpu_ticks() {
  local pg=() ngx=()
  [ "$pg_started" = 1 ] && pg=("$postmaster" $(pgrep -P "$postmaster" || true))
  [ -n "${nginx_master:-}" ] && ngx=("$nginx_master" $(pgrep -P "$nginx_master" || true))
  echo "$(ticks_of "${server_pids[@]}") $(ticks_of "${pg[@]}") $(ticks_of "${ngx[@]}")"
}

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
# One row: wrk on $url with script $3: requests/s, p99, the server side's
# CPU milliseconds per request (all, then nodes/PostgreSQL/nginx) and
# requests per CPU-second.
row() {
  local setup="$1" what="$2" script="$3" t="$threads" before after r n split
  [ "$conns" -lt "$t" ] && t="$conns"
  before="$(cpu_ticks)"
  r="$(wrk -t"$t" -c"$conns" -d"$duration" --latency -s "$root/bench/$script" "$url" | grep '^RESULT')"
  after="$(cpu_ticks)"
  n="$(field requests "$r")"
  split="$(awk -v b="$before" -v a="$after" -v n="$n" -v t="$tck" 'BEGIN {
    split(b, x, " "); split(a, y, " "); all = 0
    for (i = 1; i <= 3; i++) { ms[i] = (n > 0 ? (y[i] - x[i]) * 1000 / t / n : 0); all += ms[i] }
    printf "%.2f %.2f/%.2f/%.2f %.0f", all, ms[1], ms[2], ms[3], (all > 0 ? 1000 / all : 0) }')"
  printf '%-20s %-23s %5s %7s %8s %10s %16s %9s %7s\n' "$setup" "$what" "$conns" "$(field rps "$r")" \
    "$(field p99_ms "$r")" $split "$(field non2xx "$r")/$(field socket_errors "$r")"
}

# Opens 200 chat sessions through $url for http_bench_chat.lua.
sessions() {
  export SESSIONS="$work/sessions.txt"
  for _ in $(seq 1 200); do
    curl -sf -X POST -H 'Content-Type: application/json' -d '{}' "$url/v1/chat/sessions"
    echo
  done | sed -n 's/.*"id":"\([^"]*\)".*"token":"\([^"]*\)".*/\1 \2/p; s/.*"token":"\([^"]*\)".*"id":"\([^"]*\)".*/\2 \1/p' >"$SESSIONS"
  [ "$(wc -l <"$SESSIONS")" -eq 200 ] || { echo "cluster_bench: could not open 200 chat sessions" >&2; exit 1; }
}

measure() {
  local setup="$1" saved="$duration"
  export KEY
  sessions
  duration=2s; row "$setup" warm-up http_bench.lua >/dev/null; duration="$saved"
  row "$setup" "POST /v1/messages" http_bench.lua
  row "$setup" "POST chat .../messages" http_bench_chat.lua
}

echo "# $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-20s %-23s %5s %7s %8s %10s %16s %9s %7s\n' setup endpoint conns "req/s" "p99 ms" "cpu ms/req" \
  "node/pg/nginx" "req/cpu-s" "non2xx"
for setup in $setups; do
  case "$setup" in
    sqlite)
      cfg="$(config sqlite "  path: sqlite.db
  synchronous: full")"
      KEY="$("$frontdesk" key add bench -c "$cfg" 2>/dev/null)"
      start node "$frontdesk" serve -c "$cfg"
      server_pids=("${pids[-1]}")
      measure "1 node, SQLite"
      stop_nodes ;;
    pg1|pg2)
      [ "$pg_started" = 1 ] || start_pg
      cfg="$(config "$setup" "  postgres: \"$conninfo options='-csearch_path=$setup'\"
  connections: $pgconns")"
      as_pg "$pgbin/psql" -q -h "$work/pg/sock" -p "$pg_port" -U postgres -c "CREATE SCHEMA $setup" postgres
      KEY="$("$frontdesk" key add bench -c "$cfg" 2>/dev/null)"
      start nodeA "$frontdesk" serve -c "$cfg"
      server_pids=("${pids[-1]}")
      if [ "$setup" = pg1 ]; then
        measure "1 node, PostgreSQL"
      else
        a="${url##*:}"
        start nodeB "$frontdesk" serve -c "$cfg"
        server_pids+=("${pids[-1]}")
        start_nginx "$a" "${url##*:}"
        measure "2 nodes+nginx, PG"
        nginx_master=""
      fi
      stop_nodes ;;
    *) echo "cluster_bench: unknown setup $setup (sqlite, pg1, pg2)" >&2; exit 2 ;;
  esac
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
