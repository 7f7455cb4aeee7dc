-- requeue.lua: active -> pending, next in line, after the shutdown timeout cut the attempt short (spec §4.9).
-- KEYS[1] active list   KEYS[2] lease zset   KEYS[3] pending list   KEYS[4] task hash
-- ARGV[1] task id
-- Returns 1 when requeued; 0 when the id was not in active (nothing written); -1 when it was in active but not in
-- lease (Go: "NOT FOUND"; removed from active only). As in Go: no pending_since, msg and counters unchanged.
if redis.call("LREM", KEYS[1], 0, ARGV[1]) == 0 then
    return 0
end
if redis.call("ZREM", KEYS[2], ARGV[1]) == 0 then
    return -1
end
redis.call("RPUSH", KEYS[3], ARGV[1])  -- the right end is dequeued next
redis.call("HSET", KEYS[4], "state", "pending")
return 1
