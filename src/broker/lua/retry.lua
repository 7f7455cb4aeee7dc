-- retry.lua: active -> retry after a failed attempt with retries left (spec §4.10).
-- KEYS[1] task hash   KEYS[2] active list   KEYS[3] lease zset   KEYS[4] retry zset
-- KEYS[5] processed counter of today (UTC)   KEYS[6] failed counter of today   KEYS[7] processed total
-- KEYS[8] failed total
-- ARGV[1] task id   ARGV[2] encoded TaskMessage (retried, error_msg, last_failed_at updated)
-- ARGV[3] retry at, unix seconds   ARGV[4] daily counter expiry, unix seconds (now + 90 days)
-- ARGV[5] "1" if the error counts as a failure (counters move), "0" if not   ARGV[6] MAXINT64
-- Returns 1 when moved to retry; 0 when the id was not in active (nothing written); -1 when it was in active but
-- not in lease (Go: "NOT FOUND"; removed from active only). The unique lock is kept, as in Go.
--! include count_failure
if redis.call("LREM", KEYS[2], 0, ARGV[1]) == 0 then
    return 0
end
if redis.call("ZREM", KEYS[3], ARGV[1]) == 0 then
    return -1
end
redis.call("ZADD", KEYS[4], ARGV[3], ARGV[1])
redis.call("HSET", KEYS[1], "msg", ARGV[2], "state", "retry")
if ARGV[5] == "1" then
    count_failure(KEYS[5], KEYS[6], KEYS[7], KEYS[8], ARGV[4], ARGV[6])
end
return 1
