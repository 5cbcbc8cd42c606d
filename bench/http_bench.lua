-- wrk script for bench/http_bench.sh: POSTs {"text": ...} to /v1/messages,
-- a different text on every request (a rotating list of en/vi/es support
-- messages with a counter), no Idempotency-Key. With KEY set in the
-- environment it sends "Authorization: Bearer KEY".
local texts = {
  "where is my order?", "I want a refund for my order", "how do I return an item",
  "please cancel my order", "my parcel is late", "how do I change my password",
  "what are your opening hours", "đơn hàng của tôi ở đâu", "tôi muốn trả hàng",
  "¿dónde está mi pedido?", "quiero cancelar mi pedido", "hello, can somebody help me",
}
local key = os.getenv("KEY")
local n = 0

request = function()
  n = n + 1
  local body = string.format('{"text": "%s (%d)", "channel": "chat"}', texts[n % #texts + 1], n)
  local headers = { ["Content-Type"] = "application/json" }
  if key ~= nil and key ~= "" then headers["Authorization"] = "Bearer " .. key end
  return wrk.format("POST", "/v1/messages", headers, body)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
