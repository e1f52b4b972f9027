-- wrk script of the benchmark (operations/bench): replays prepared requests, one per line
-- of the file given after "--": method, path, cookie, body, referer, separated by tabs.
-- Each thread starts at its own line and steps by the number of threads, so that no two
-- requests of a run share a line (a booking POST is made once per ASN). Counts every
-- response by status and, for redirects, by the first part of the target's path, and
-- prints one line "BENCH-JSON {...}" at the end.
--
-- With "once" after the host, each line is sent once and no more, so that a page whose
-- every request needs a user of its own (a booking POST) is timed over its lines only, not
-- over the refusals that going round them again would bring. wrk asks delay() before each
-- request a connection writes: there a connection takes the next line of its thread for
-- its request, or, with none left, waits for longer than any run instead of sending; once
-- every line taken is answered the thread stops, and the run is timed from its first
-- request to that moment ("ran_us"). (Taken in delay(), not in request(): between the two
-- other connections write theirs, and two could find the same last line left.) wrk's own
-- duration is the -d given whatever happens; the clock is read through LuaJIT's FFI.
--
-- wrk calls request() once before the run, in the first thread, to look at what it sends
-- (how many requests one call gives): that call returns the first line and uses none.

local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")

local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000000 + math.floor(tonumber(clock.tv_nsec) / 1000)
end

-- How long a connection with nothing left to send waits (ms): longer than any run.
local PARKED_MS = 3600 * 1000

local host_header = nil
local thread_count = 1
local lines = {}
local position = 0
local once = false
local looked_at = false
-- "once": where the next line to take is, how many lines this thread's connections have
-- taken, and how many of their requests are answered.
local to_take = 0
local taken, answered = 0, 0
statuses = {}
-- This thread's first request and, in "once" mode, the moment its last answer came (µs).
began = 0
ended = 0

local threads = {}
local next_index = 0

function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
  table.insert(threads, thread)
end

function init(args)
  local file = args[1]
  thread_count = tonumber(args[2]) or 1
  host_header = args[3]
  once = args[4] == "once"
  for line in io.lines(file) do
    local method, path, cookie, body, referer =
      line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
    if method then
      local headers = {
        ["Host"] = host_header,
        ["X-Forwarded-Proto"] = "https",
        ["X-Forwarded-For"] = "10.8.0." .. tostring(#lines % 250 + 1),
        ["Accept"] = "text/html,application/xhtml+xml",
        ["User-Agent"] = "coaching-portal-bench (wrk)",
      }
      if cookie ~= "" then headers["Cookie"] = cookie end
      if referer ~= "" then headers["Referer"] = referer end
      if body ~= "" then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
      else
        body = nil
      end
      table.insert(lines, wrk.format(method, path, headers, body))
    end
  end
  position = index or 0
  to_take = position
  if once then
    -- Looked for by wrk after init(): asked before each request is written.
    function delay()
      if to_take >= #lines then return PARKED_MS end
      to_take = to_take + thread_count
      taken = taken + 1
      return 0
    end
  end
end

function request()
  if index == 0 and not looked_at then
    looked_at = true  -- wrk's look before the run (see above): nothing is sent
    return lines[1]
  end
  if began == 0 then began = now_us() end
  local prepared = lines[(position % #lines) + 1]
  position = position + thread_count
  return prepared
end

function response(status, headers, body)
  local key = tostring(status)
  local location = headers["Location"] or headers["location"]
  if location then
    local path = location:gsub("^https?://[^/]+", "")
    key = key .. " " .. (path:match("^(/[^/?]*/?)") or path)
  end
  statuses[key] = (statuses[key] or 0) + 1
  answered = answered + 1
  if once and to_take >= #lines and answered >= taken then
    ended = now_us()
    wrk.thread:stop()
  end
end

local function json_string(text)
  return '"' .. text:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function done(summary, latency, requests)
  local merged = {}
  -- From the first thread's first request to the last thread's last answer; 0 unless every
  -- thread had its lines answered before the -d given.
  local first, last = nil, 0
  for _, thread in ipairs(threads) do
    local counted = thread:get("statuses")
    for key, count in pairs(counted) do
      merged[key] = (merged[key] or 0) + count
    end
    local thread_began, thread_ended = thread:get("began"), thread:get("ended")
    if thread_began > 0 and (first == nil or thread_began < first) then first = thread_began end
    if thread_ended == 0 then last = nil elseif last ~= nil and thread_ended > last then
      last = thread_ended
    end
  end
  local ran_us = 0
  if first ~= nil and last ~= nil and last > first then ran_us = last - first end
  local parts = {}
  for key, count in pairs(merged) do
    table.insert(parts, json_string(key) .. ":" .. tostring(count))
  end
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,' ..
    '"max_us":%d,"mean_us":%.1f,"ran_us":%d,"errors":{"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d},"statuses":{%s}}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean, ran_us,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout,
    table.concat(parts, ",")))
end
