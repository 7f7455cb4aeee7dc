-- archive_bad_task.lua: an active task whose msg we cannot use -> archived, msg bytes untouched.
-- Not a Go script: Go leaves such a task active, and its recoverer then fails on it forever (spec §4.6). Moving it
-- aside keeps it for an operator to inspect (Go's Inspector skips undecodable messages) without blocking anything.
-- No counters and no archive trimming: this is not an attempt's outcome.
-- KEYS[1] active list   KEYS[2] lease zset   KEYS[3] archived zset   KEYS[4] task hash   (all asynq:{q}:...)
-- ARGV[1] task id   ARGV[2] now, unix seconds (archived-at score)
-- Returns 1 when moved, 0 when the id was no longer active (another server moved it first): nothing written.
if redis.call("LREM", KEYS[1], 0, ARGV[1]) == 0 then
    return 0
end
redis.call("ZREM", KEYS[2], ARGV[1])
redis.call("ZADD", KEYS[3], ARGV[2], ARGV[1])
-- pcall: a task key that is not a hash at all (corrupt data) is archived by id and left as it is.
redis.pcall("HSET", KEYS[4], "state", "archived")
return 1
