-- ack_and_fetch.lua: for one queue, acknowledges finished tasks (done, spec §4.7) and takes the oldest pending
-- tasks (dequeue, spec §4.6) in one call, so a busy server pays one round trip and one script call for many tasks.
-- KEYS[1] pending list   KEYS[2] paused flag   KEYS[3] active list   KEYS[4] lease zset
-- KEYS[5] processed counter of today (UTC)   KEYS[6] processed total
-- KEYS[7 .. 6+n] the hashes of the n acknowledged tasks, in ARGV order; after them the unique locks of those
-- acknowledged tasks that have one (all asynq:{q}:..., one slot)
-- ARGV[1] lease expiry, unix seconds   ARGV[2] task key prefix asynq:{q}:t:   ARGV[3] how many tasks to take
-- ARGV[4] daily counter expiry, unix seconds (now + 90 days)   ARGV[5] n, the number of acknowledged tasks
-- ARGV[4 + 2i] id of acknowledged task i (i = 1..n)   ARGV[5 + 2i] index in KEYS of its unique lock, or 0
--
-- Returns {codes, paused, task...}. codes[i] is done's result for task i: 1 done; 0 not in active (nothing
-- written: the recoverer may have taken it); -1 in active but not leased, -2 leased but its hash missing (Go
-- stops with "NOT FOUND" at those steps, with the same partial effects). paused is 1 when the queue is paused
-- (nothing taken). Each task taken is {id, msg} (msg nil when the hash has no msg field) or {id} when its hash was
-- missing: that dangling id was dropped from active again, and nothing was created (Go would create a hash
-- without msg and leave the id active forever). A task key that is not a hash stops the taking: that id is
-- leased with the others and reported with a nil msg, so no task taken before it is left active without a lease.
local n = tonumber(ARGV[5])
local codes = {}
local acked = 0
for i = 1, n do
    local id = ARGV[5 + 2 * i - 1]
    local lock = tonumber(ARGV[5 + 2 * i])
    if redis.call("LREM", KEYS[3], 0, id) == 0 then
        codes[i] = 0
    elseif redis.call("ZREM", KEYS[4], id) == 0 then
        codes[i] = -1
    elseif redis.call("DEL", KEYS[6 + i]) == 0 then
        codes[i] = -2
    else
        codes[i] = 1
        acked = acked + 1
        -- Release the lock only if it is still ours: it may have expired and been taken by a newer task.
        if lock > 0 and redis.call("GET", KEYS[lock]) == id then
            redis.call("DEL", KEYS[lock])
        end
    end
end
if acked > 0 then
    if redis.call("INCRBY", KEYS[5], acked) == acked then
        redis.call("EXPIREAT", KEYS[5], ARGV[4])
    end
    -- The total wraps instead of overflowing (spec §1.2: Go sets 1 at MAXINT64); INCRBY refuses to overflow.
    -- A single ack matches Go exactly; a batch crossing the limit restarts at its size (Go's sequence would land
    -- within the batch size of that).
    if type(redis.pcall("INCRBY", KEYS[6], acked)) == "table" then
        redis.call("SET", KEYS[6], acked)
    end
end

local reply = {codes, 0}
local want = tonumber(ARGV[3])
if want == 0 then
    return reply
end
if redis.call("EXISTS", KEYS[2]) == 1 then
    reply[2] = 1
    return reply
end
local leased = {}
for _ = 1, want do
    local id = redis.call("LMOVE", KEYS[1], KEYS[3], "RIGHT", "LEFT")
    if not id then
        break
    end
    local task_key = ARGV[2] .. id
    local msg = redis.pcall("HGET", task_key, "msg")
    if type(msg) == "table" then  -- WRONGTYPE: not a hash
        leased[#leased + 1] = ARGV[1]
        leased[#leased + 1] = id
        reply[#reply + 1] = {id, false}
        break
    end
    if not msg and redis.call("EXISTS", task_key) == 0 then
        redis.call("LREM", KEYS[3], 1, id)  -- LMOVE pushed it on the left: the first occurrence is ours
        reply[#reply + 1] = {id}
    else
        redis.call("HSET", task_key, "state", "active")
        redis.call("HDEL", task_key, "pending_since")
        leased[#leased + 1] = ARGV[1]
        leased[#leased + 1] = id
        reply[#reply + 1] = {id, msg}
    end
end
if #leased > 0 then
    redis.call("ZADD", KEYS[4], unpack(leased))
end
return reply
