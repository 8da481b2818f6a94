-- GET /items/{id} on ids drawn at random from the file given after "--".
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
-- The collection under load: items, or the generated aggregate's (BENCH_COLLECTION).
local collection = os.getenv("BENCH_COLLECTION") or "items"
local ids = {}

function init(args)
  for line in io.lines(args[1]) do
    ids[#ids + 1] = line
  end
  math.randomseed(os.time() + #tostring({}))
end

function request()
  return wrk.format("GET", "/" .. collection .. "/" .. ids[math.random(#ids)])
end
