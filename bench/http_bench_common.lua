-- Shared by bench/http_bench.lua and bench/http_bench_chat.lua (loaded with
-- dofile from the same directory): the messages sent, and the RESULT line
-- that bench/http_bench.sh reads.
texts = {
  "where is my order?", "I want a refund for my order", "how do I return an item",
  "please cancel my order", "my parcel is late", "how do I change my password",
  "what are your opening hours", "đơn hàng của tôi ở đâu", "tôi muốn trả hàng",
  "¿dónde está mi pedido?", "quiero cancelar mi pedido", "hello, can somebody help me",
}

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d socket_errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
