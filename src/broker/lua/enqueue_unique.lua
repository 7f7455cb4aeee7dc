-- enqueue_unique.lua: new unique task -> pending, taking its uniqueness lock first (spec §4.2).
-- KEYS[1] unique lock asynq:{q}:unique:<type>:<md5>   KEYS[2] task hash   KEYS[3] pending list
-- ARGV[1] task id   ARGV[2] lock TTL, whole seconds >= 1   ARGV[3] encoded TaskMessage
-- ARGV[4] now, unix nanoseconds
-- Returns 1 when enqueued, -1 when the lock is held (duplicate), 0 when the id exists. As in Go, a lock taken
-- before an id conflict is found stays until its TTL (steps are not rolled back).
if not redis.call("SET", KEYS[1], ARGV[1], "NX", "EX", ARGV[2]) then
    return -1
end
if redis.call("EXISTS", KEYS[2]) == 1 then
    return 0
end
redis.call("HSET", KEYS[2], "msg", ARGV[3], "state", "pending", "pending_since", ARGV[4], "unique_key", KEYS[1])
redis.call("LPUSH", KEYS[3], ARGV[1])
return 1
