-- add_to_group_unique.lua: new unique task -> aggregating in group g, taking its lock first (spec §4.5).
-- KEYS[1] task hash   KEYS[2] group zset   KEYS[3] group names set   KEYS[4] unique lock
-- ARGV[1] encoded TaskMessage   ARGV[2] task id   ARGV[3] now, unix seconds   ARGV[4] group name
-- ARGV[5] lock TTL, whole seconds
-- Returns 1 when added, -1 when the lock is held (duplicate), 0 when the id exists.
-- Like Go, the hash gets no unique_key field here, so deleting an aggregating task leaves the lock to its TTL.
if not redis.call("SET", KEYS[4], ARGV[2], "NX", "EX", ARGV[5]) then
    return -1
end
if redis.call("EXISTS", KEYS[1]) == 1 then
    return 0
end
redis.call("HSET", KEYS[1], "msg", ARGV[1], "state", "aggregating", "group", ARGV[4])
redis.call("ZADD", KEYS[2], ARGV[3], ARGV[2])
redis.call("SADD", KEYS[3], ARGV[4])
return 1
