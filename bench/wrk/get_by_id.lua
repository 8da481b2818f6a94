-- GET /items/{id} on ids drawn at random from the file given after "--".
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
local ids = {}

function init(args)
  for line in io.lines(args[1]) do
    ids[#ids + 1] = line
  end
  math.randomseed(os.time() + #tostring({}))
end

function request()
  return wrk.format("GET", "/items/" .. ids[math.random(#ids)])
end
