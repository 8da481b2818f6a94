-- POST /items with names unique to this run (given after "--") and thread.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
local prefix
local counter = 0

function init(args)
  prefix = args[1] .. "-" .. string.sub(tostring({}), 8)
end

function request()
  counter = counter + 1
  local body = '{"name": "bench ' .. prefix .. ' ' .. counter .. '", "price": "9.99"}'
  return wrk.format("POST", "/items", {["Content-Type"] = "application/json"}, body)
end
