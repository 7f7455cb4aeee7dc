-- mark_as_complete.lua: active -> completed, kept until its retention ends (spec §4.8).
-- KEYS[1] active list   KEYS[2] lease zset   KEYS[3] completed zset   KEYS[4] task hash
-- KEYS[5] processed counter of today (UTC)   KEYS[6] processed total
-- KEYS[7] the task's unique lock, passed only when msg.unique_key is non-empty
-- ARGV[1] task id   ARGV[2] daily counter expiry, unix seconds (now + 90 days)
-- ARGV[3] retention end, unix seconds (now + retention: the completed zset score)
-- ARGV[4] encoded TaskMessage with completed_at = now   ARGV[5] MAXINT64
-- Returns 1 when completed; 0 when the id was not in active (nothing written); -1 when it was in active but not
-- in lease (Go: "NOT FOUND"; removed from active only); -3 when it already was in the completed zset (Go:
-- "INTERNAL"; its score was updated, nothing else). The hash's result field is kept.
if redis.call("LREM", KEYS[1], 0, ARGV[1]) == 0 then
    return 0
end
if redis.call("ZREM", KEYS[2], ARGV[1]) == 0 then
    return -1
end
if redis.call("ZADD", KEYS[3], ARGV[3], ARGV[1]) ~= 1 then
    return -3
end
redis.call("HSET", KEYS[4], "msg", ARGV[4], "state", "completed")
if redis.call("INCR", KEYS[5]) == 1 then
    redis.call("EXPIREAT", KEYS[5], ARGV[2])
end
if redis.call("GET", KEYS[6]) == ARGV[5] then
    redis.call("SET", KEYS[6], 1)
else
    redis.call("INCR", KEYS[6])
end
if #KEYS == 7 and redis.call("GET", KEYS[7]) == ARGV[1] then
    redis.call("DEL", KEYS[7])
end
return 1
