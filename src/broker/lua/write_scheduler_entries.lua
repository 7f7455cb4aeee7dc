-- write_scheduler_entries.lua: one scheduler heartbeat's entry list (spec §5.2).
-- KEYS[1] entries key asynq:schedulers:{scheduler id} (the global asynq:schedulers zset is written outside: another
-- slot)   ARGV[1] TTL, whole seconds   ARGV[2], ARGV[3], ...: encoded SchedulerEntry messages
-- Replaces the list: LPUSH in argument order, so LRANGE lists them last-given first, as Go's readers expect.
-- Returns 1.
redis.call("DEL", KEYS[1])
for i = 2, #ARGV do
    redis.call("LPUSH", KEYS[1], ARGV[i])
end
redis.call("EXPIRE", KEYS[1], ARGV[1])
return 1
