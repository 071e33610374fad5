-- wrk script for the HTTP benchmarks (bench/*_bench.sh): requests the paths of the file named by $PATH_LIST in a
-- fixed shuffled order (seed 42) per thread, optionally with Accept-Encoding: gzip ($GZIP=1),
-- and prints the request count, non-2xx count and the 50th/95th/99th latency percentiles.
local paths = {}
for line in io.lines(os.getenv("PATH_LIST")) do paths[#paths + 1] = line end
local gzip = os.getenv("GZIP") == "1"
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(42 + id)
  order = {}
  for i = 1, #paths do order[i] = paths[i] end
  for i = #order, 2, -1 do
    local j = math.random(i)
    order[i], order[j] = order[j], order[i]
  end
  position = 0
  errors = 0
  server_errors = 0
end

function request()
  position = position % #order + 1
  local headers = {}
  if gzip then headers["Accept-Encoding"] = "gzip" end
  return wrk.format("GET", order[position], headers)
end

function response(status, headers, body)
  if status ~= 200 and status ~= 204 then errors = errors + 1 end
  if status >= 500 then server_errors = server_errors + 1 end
end

function done(summary, latency, requests)
  local errs, fives = 0, 0
  for _, t in ipairs(threads) do
    errs = errs + t:get("errors")
    fives = fives + t:get("server_errors")
  end
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f errors=%d server_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errs + summary.errors.connect + summary.errors.read + summary.errors.timeout, fives))
end
