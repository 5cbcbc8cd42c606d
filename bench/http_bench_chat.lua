-- wrk script for bench/http_bench.sh: POSTs {"text": ...} to the web chat's
-- message endpoint, rotating over the sessions listed in the file named by
-- SESSIONS ("ID TOKEN" per line, made by http_bench.sh), each request with
-- its own session's bearer token. Texts as in http_bench.lua.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "http_bench_common.lua")
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
