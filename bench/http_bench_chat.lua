-- wrk script for bench/http_bench.sh: POSTs {"text": ...} to the web chat's
-- message endpoint, rotating over the sessions listed in the file named by
-- SESSIONS ("ID TOKEN" per line, made by http_bench.sh), each request with
-- its own session's bearer token. Texts as in http_bench.lua.
local texts = {
  "where is my order?", "I want a refund for my order", "how do I return an item",
  "please cancel my order", "my parcel is late", "how do I change my password",
  "what are your opening hours", "đơn hàng của tôi ở đâu", "tôi muốn trả hàng",
  "¿dónde está mi pedido?", "quiero cancelar mi pedido", "hello, can somebody help me",
}
local sessions = {}
local n = 0

init = function(args)
  local path = os.getenv("SESSIONS")
  for line in io.lines(path) do
    local id, token = line:match("^(%S+) (%S+)$")
    if id then sessions[#sessions + 1] = { id = id, token = token } end
  end
  -- Threads start at different sessions, so that two never walk in step.
  n = math.random(#sessions)
end

request = function()
  n = n + 1
  local s = sessions[n % #sessions + 1]
  local body = string.format('{"text": "%s (%d)"}', texts[n % #texts + 1], n)
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. s.token }
  return wrk.format("POST", "/v1/chat/sessions/" .. s.id .. "/messages", headers, body)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
