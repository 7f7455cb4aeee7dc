-- archive.lua: active -> archived after retries ran out, SkipRetry, or an expired lease with no retries left
-- (spec §4.11, v0.25+ steps: trimmed tasks lose their hashes too).
-- KEYS[1] task hash   KEYS[2] active list   KEYS[3] lease zset   KEYS[4] archived zset
-- KEYS[5] processed counter of today (UTC)   KEYS[6] failed counter of today   KEYS[7] processed total
-- KEYS[8] failed total
-- ARGV[1] task id   ARGV[2] encoded TaskMessage (error_msg, last_failed_at updated; retried unchanged)
-- ARGV[3] now, unix seconds (archived-at score)   ARGV[4] age cutoff, unix seconds (now - 90 days)
-- ARGV[5] archive size limit (10000: at most limit - 1 members remain)
-- ARGV[6] daily counter expiry, unix seconds (now + 90 days)   ARGV[7] MAXINT64   ARGV[8] task key prefix asynq:{q}:t:
-- Trimmed tasks' hashes are derived as ARGV[8] .. id: same {q} tag, so same slot as KEYS.
-- Returns 1 when archived; 0 when the id was not in active (nothing written); -1 when it was in active but not in
-- lease (Go: "NOT FOUND"; removed from active only). The unique lock is kept, as in Go.
if redis.call("LREM", KEYS[2], 0, ARGV[1]) == 0 then
    return 0
end
if redis.call("ZREM", KEYS[3], ARGV[1]) == 0 then
    return -1
end
redis.call("ZADD", KEYS[4], ARGV[3], ARGV[1])

-- Deletes the hashes of the trimmed ids, then takes them out of the archive. ZREM goes in slices: unpack() of
-- thousands of values would overflow Lua's C stack.
local function drop(ids)
    for _, id in ipairs(ids) do
        redis.call("DEL", ARGV[8] .. id)
    end
    for first = 1, #ids, 1000 do
        redis.call("ZREM", KEYS[4], unpack(ids, first, math.min(first + 999, #ids)))
    end
end
drop(redis.call("ZRANGE", KEYS[4], "-inf", ARGV[4], "BYSCORE"))
drop(redis.call("ZRANGE", KEYS[4], 0, -tonumber(ARGV[5])))

redis.call("HSET", KEYS[1], "msg", ARGV[2], "state", "archived")
if redis.call("INCR", KEYS[5]) == 1 then
    redis.call("EXPIREAT", KEYS[5], ARGV[6])
end
if redis.call("INCR", KEYS[6]) == 1 then
    redis.call("EXPIREAT", KEYS[6], ARGV[6])
end
if redis.call("GET", KEYS[7]) == ARGV[7] then
    redis.call("SET", KEYS[7], 1)
    redis.call("SET", KEYS[8], 1)
else
    redis.call("INCR", KEYS[7])
    redis.call("INCR", KEYS[8])
end
return 1
