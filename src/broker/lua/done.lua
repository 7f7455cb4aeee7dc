-- done.lua: active -> deleted after success without retention, or RevokeTask (spec §4.7).
-- KEYS[1] active list   KEYS[2] lease zset   KEYS[3] task hash   KEYS[4] processed counter of today (UTC)
-- KEYS[5] processed total   KEYS[6] the task's unique lock, passed only when msg.unique_key is non-empty
-- (Go's two variants in one script: an empty key name cannot be passed in Cluster mode)
-- ARGV[1] task id   ARGV[2] daily counter expiry, unix seconds (now + 90 days)   ARGV[3] MAXINT64
-- Returns 1 when done; 0 when the id was not in active (nothing written); -1 when it was in active but not in
-- lease, -2 when its hash was missing: Go stops with "NOT FOUND" at those steps, and so do we, with the same
-- partial effects (removed from active; for -2 also from lease), but as codes the caller can name.
if redis.call("LREM", KEYS[1], 0, ARGV[1]) == 0 then
    return 0
end
if redis.call("ZREM", KEYS[2], ARGV[1]) == 0 then
    return -1
end
if redis.call("DEL", KEYS[3]) == 0 then
    return -2
end
if redis.call("INCR", KEYS[4]) == 1 then
    redis.call("EXPIREAT", KEYS[4], ARGV[2])
end
-- The total wraps to 1 instead of overflowing INCR (Go's readers expect exactly this).
if redis.call("GET", KEYS[5]) == ARGV[3] then
    redis.call("SET", KEYS[5], 1)
else
    redis.call("INCR", KEYS[5])
end
-- Release the lock only if it is still ours: it may have expired and been taken by a newer task.
if #KEYS == 6 and redis.call("GET", KEYS[6]) == ARGV[1] then
    redis.call("DEL", KEYS[6])
end
return 1
