-- GET /items?limit=20: the first page, with its total.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

function request()
  return wrk.format("GET", "/items?limit=20")
end
