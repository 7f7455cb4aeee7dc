-- retry.lua: active -> retry after a failed attempt with retries left (spec §4.10).
-- KEYS[1] task hash   KEYS[2] active list   KEYS[3] lease zset   KEYS[4] retry zset
-- KEYS[5] processed counter of today (UTC)   KEYS[6] failed counter of today   KEYS[7] processed total
-- KEYS[8] failed total
-- ARGV[1] task id   ARGV[2] encoded TaskMessage (retried, error_msg, last_failed_at updated)
-- ARGV[3] retry at, unix seconds   ARGV[4] daily counter expiry, unix seconds (now + 90 days)
-- ARGV[5] "1" if the error counts as a failure (counters move), "0" if not   ARGV[6] MAXINT64
-- Returns 1 when moved to retry; 0 when the id was not in active (nothing written); -1 when it was in active but
-- not in lease (Go: "NOT FOUND"; removed from active only). The unique lock is kept, as in Go.
if redis.call("LREM", KEYS[2], 0, ARGV[1]) == 0 then
    return 0
end
if redis.call("ZREM", KEYS[3], ARGV[1]) == 0 then
    return -1
end
redis.call("ZADD", KEYS[4], ARGV[3], ARGV[1])
redis.call("HSET", KEYS[1], "msg", ARGV[2], "state", "retry")
if ARGV[5] == "1" then
    if redis.call("INCR", KEYS[5]) == 1 then
        redis.call("EXPIREAT", KEYS[5], ARGV[4])
    end
    if redis.call("INCR", KEYS[6]) == 1 then
        redis.call("EXPIREAT", KEYS[6], ARGV[4])
    end
    -- Both totals wrap together, so failed never exceeds processed.
    if redis.call("GET", KEYS[7]) == ARGV[6] then
        redis.call("SET", KEYS[7], 1)
        redis.call("SET", KEYS[8], 1)
    else
        redis.call("INCR", KEYS[7])
        redis.call("INCR", KEYS[8])
    end
end
return 1
