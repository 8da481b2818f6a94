-- GET /items?limit=20: the first page, with its total.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")
-- The collection under load: items, or the generated aggregate's (BENCH_COLLECTION).
local collection = os.getenv("BENCH_COLLECTION") or "items"

function request()
  return wrk.format("GET", "/items?limit=20")
end
