-- record_scheduler_enqueue_event.lua: one enqueue of a scheduler entry in its history (spec §5.3 step 2).
-- KEYS[1] asynq:scheduler_history:<entry id>   ARGV[1] enqueue time, unix seconds   ARGV[2] encoded
-- SchedulerEnqueueEvent   ARGV[3] the history size (1000)
-- Trims to size - 1 events first (highest ranks kept: the newest), then adds this one, so at most `size` remain.
-- Returns 1.
redis.call("ZREMRANGEBYRANK", KEYS[1], 0, -ARGV[3])
redis.call("ZADD", KEYS[1], ARGV[1], ARGV[2])
return 1
