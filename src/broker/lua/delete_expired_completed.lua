-- delete_expired_completed.lua: completed tasks whose retention ended -> deleted (spec §4.15).
-- KEYS[1] completed zset asynq:{q}:completed
-- ARGV[1] now, unix seconds   ARGV[2] task key prefix asynq:{q}:t:   ARGV[3] batch size
-- Task hashes are derived as ARGV[2] .. id: same {q} tag, same slot.
-- Returns how many were deleted (at most ARGV[3]); the caller repeats until 0.
local ids = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", ARGV[1], "LIMIT", 0, ARGV[3])
for _, id in ipairs(ids) do
    redis.call("DEL", ARGV[2] .. id)
    redis.call("ZREM", KEYS[1], id)
end
return #ids
