-- wrk script for bench/http_bench.sh: POSTs {"text": ...} to /v1/messages,
-- a different text on every request (a rotating list of en/vi/es support
-- messages with a counter), no Idempotency-Key. With KEY set in the
-- environment it sends "Authorization: Bearer KEY".
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "http_bench_common.lua")
local key = os.getenv("KEY")
local n = 0

request = function()
  n = n + 1
  local body = string.format('{"text": "%s (%d)", "channel": "chat"}', texts[n % #texts + 1], n)
  local headers = { ["Content-Type"] = "application/json" }
  if key ~= nil and key ~= "" then headers["Authorization"] = "Bearer " .. key end
  return wrk.format("POST", "/v1/messages", headers, body)
end
