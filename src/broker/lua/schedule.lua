-- schedule.lua: new task -> scheduled, to run at a later time (spec §4.3).
-- KEYS[1] task hash   KEYS[2] scheduled zset asynq:{q}:scheduled
-- ARGV[1] encoded TaskMessage   ARGV[2] process at, unix seconds   ARGV[3] task id
-- Returns 1 when scheduled, 0 when a task with this id already exists in the queue.
if redis.call("EXISTS", KEYS[1]) == 1 then
    return 0
end
redis.call("HSET", KEYS[1], "msg", ARGV[1], "state", "scheduled")
redis.call("ZADD", KEYS[2], ARGV[2], ARGV[3])
return 1
