#!/usr/bin/env bash
# Peer benchmark: the starter pack's whole decide path (`frontdesk batch`:
# JSON in, fold, typos, language, match, slots, rules, lookups, reply, JSON
# out) against nlp.js (node-nlp's NlpManager trained on the same pack's
# examples), on the same messages, none of them a pack example
# (make_messages.py, built from tests/data/route_eval.jsonl), one thread each,
# start-up and training excluded. Rates are per CPU second (the machine is
# shared); the ratio is frontdesk / peer. Prints figures, asserts nothing.
#
#   bench/peers/install.sh                  # once: npm installs the peers here
#   BUILD_DIR=build-bench MESSAGES=10000 RIVE_MESSAGES=500 bench/peers/peer_bench.sh
#
# Skips with a message (exit 0) when node or the peers are not installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
peers=bench/peers
build="${BUILD_DIR:-build-bench}"
count="${MESSAGES:-10000}"
config="${CONFIG:-examples/shop/frontdesk.yaml}"
if ! command -v node >/dev/null; then
  echo "peer_bench: skipped: node is not installed"; exit 0
fi
if [ ! -d "$peers/node_modules/node-nlp" ]; then
  echo "peer_bench: skipped: nlp.js is not installed (run bench/peers/install.sh)"; exit 0
fi
if [ ! -x "$build/frontdesk" ]; then
  echo "peer_bench: no $build/frontdesk: build it first (cmake --build $build --target frontdesk)" >&2; exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$peers/make_messages.py" "$count" > "$work/messages.jsonl"
python3 "$peers/export_examples.py" intents > "$work/examples.json"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $count messages"

"$build/frontdesk" batch --stats -c "$config" < "$work/messages.jsonl" > "$work/decisions.jsonl" 2> "$work/fd.txt"
fd_line="$(grep '^batch:' "$work/fd.txt")"
fd_rate="$(sed -E 's/.* ([0-9]+) per CPU second.*/\1/' <<<"$fd_line")"
echo "frontdesk: $fd_line"

node "$peers/nlpjs_peer.js" "$work/examples.json" "$work/messages.jsonl" > "$work/nlpjs.json"
read -r nlp_rate nlp_desc < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(round(r["messages"] / r["cpu_seconds"]), "nlp.js %s: %d intents, %d examples (training %.1f s excluded); %d messages in %.3f s CPU (%.3f s wall)" % (
    r["version"], r["intents"], r["examples"], r["train_seconds"], r["messages"], r["cpu_seconds"], r["wall_seconds"]))' "$work/nlpjs.json")
echo "$nlp_desc"

# RiveScript tries its triggers one by one (about 30 messages per CPU second
# here): it gets the first RIVE_MESSAGES of the same file.
if [ -d "$peers/node_modules/rivescript" ] && [ "${RIVE_MESSAGES:-500}" -gt 0 ]; then
  head -n "${RIVE_MESSAGES:-500}" "$work/messages.jsonl" > "$work/rive_messages.jsonl"
  node "$peers/rivescript_peer.js" "$config" "$work/examples.json" "$work/rive_messages.jsonl" > "$work/rive.json" || true
fi
rive_rate=""
if [ -s "$work/rive.json" ]; then
  read -r rive_rate rive_desc < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(round(r["messages"] / r["cpu_seconds"]), "RiveScript %s: %d triggers from the pack (loading %.1f s excluded); %d messages in %.3f s CPU (%.3f s wall)" % (
    r["version"], r["triggers"], r["load_seconds"], r["messages"], r["cpu_seconds"], r["wall_seconds"]))' "$work/rive.json")
  echo "$rive_desc"
fi

echo
printf '%-12s %14s %8s\n' "engine" "msg/CPU-s" "ratio"
printf '%-12s %14s %8s\n' "frontdesk" "$fd_rate" "1.00"
printf '%-12s %14s %8s\n' "nlp.js" "$nlp_rate" "$(python3 -c "print('%.3f' % ($nlp_rate / $fd_rate))")"
[ -n "$rive_rate" ] && printf '%-12s %14s %8s\n' "RiveScript" "$rive_rate" "$(python3 -c "print('%.3f' % ($rive_rate / $fd_rate))")"
echo
echo "RESULT frontdesk/nlp.js = $(python3 -c "print('%.1fx' % ($fd_rate / $nlp_rate))")" \
     "${rive_rate:+frontdesk/RiveScript = $(python3 -c "print('%.1fx' % ($fd_rate / $rive_rate))")}"
