-- add_to_group.lua: new task -> aggregating in group g (spec §4.5).
-- KEYS[1] task hash   KEYS[2] group zset asynq:{q}:g:<g>   KEYS[3] group names set asynq:{q}:groups
-- ARGV[1] encoded TaskMessage   ARGV[2] task id   ARGV[3] now, unix seconds   ARGV[4] group name
-- Returns 1 when added, 0 when a task with this id already exists in the queue.
if redis.call("EXISTS", KEYS[1]) == 1 then
    return 0
end
redis.call("HSET", KEYS[1], "msg", ARGV[1], "state", "aggregating", "group", ARGV[4])
redis.call("ZADD", KEYS[2], ARGV[3], ARGV[2])
redis.call("SADD", KEYS[3], ARGV[4])
return 1
