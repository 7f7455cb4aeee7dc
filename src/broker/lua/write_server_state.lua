-- write_server_state.lua: one heartbeat's server record and worker list (spec §5.1 step 3.3).
-- KEYS[1] server key asynq:servers:{host:pid:sid}   KEYS[2] workers key asynq:workers:{host:pid:sid}
-- (same {host:pid:sid} tag, same slot; the global asynq:servers / asynq:workers zsets are written outside)
-- ARGV[1] TTL, whole seconds   ARGV[2] encoded ServerInfo   ARGV[3], ARGV[4], ...: pairs of task id, WorkerInfo
-- Replaces the worker list; with no workers the workers hash does not exist. Returns 1.
redis.call("SETEX", KEYS[1], ARGV[1], ARGV[2])
redis.call("DEL", KEYS[2])
for i = 3, #ARGV, 2 do
    redis.call("HSET", KEYS[2], ARGV[i], ARGV[i + 1])
end
if #ARGV > 2 then
    redis.call("EXPIRE", KEYS[2], ARGV[1])
end
return 1
