-- POST /items with names unique to this run (given after "--") and thread.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
-- The collection under load: items, or the generated aggregate's (BENCH_COLLECTION).
local collection = os.getenv("BENCH_COLLECTION") or "items"
-- Item's price is a decimal string; a generated aggregate's decimals are JSON numbers.
local price = collection == "items" and '"9.99"' or "9.99"
local prefix
local counter = 0

function init(args)
  -- args: the ids file (unused here), then the tag of this run
  prefix = args[2] .. "-" .. string.sub(tostring({}), 8)
end

function request()
  counter = counter + 1
  local body = '{"name": "bench ' .. prefix .. ' ' .. counter .. '", "price": ' .. price .. '}'
  return wrk.format("POST", "/" .. collection, {["Content-Type"] = "application/json"}, body)
end
