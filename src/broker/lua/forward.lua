-- forward.lua: due scheduled or retry tasks -> pending, or back to their group (spec §4.12).
-- KEYS[1] the delayed zset (asynq:{q}:scheduled or asynq:{q}:retry)   KEYS[2] pending list
-- ARGV[1] now, unix seconds   ARGV[2] task key prefix asynq:{q}:t:   ARGV[3] now, unix nanoseconds (pending_since)
-- ARGV[4] group key prefix asynq:{q}:g:   ARGV[5] batch size (100, as Go)
-- Task hashes and group zsets are derived as ARGV[2] .. id and ARGV[4] .. group: same {q} tag, same slot.
-- Returns how many due ids were handled (at most ARGV[5]); the caller repeats until 0.
-- A task whose hash has a non-empty group field goes back to its group zset, state aggregating, without SADD of
-- the group name (as Go). A due id without a hash is only dropped from the zset (Go would create a hash without
-- msg, which no reader can use); there is no task to lose.
local ids = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", ARGV[1], "LIMIT", 0, ARGV[5])
for _, id in ipairs(ids) do
    local task_key = ARGV[2] .. id
    if redis.call("EXISTS", task_key) == 0 then
        redis.call("ZREM", KEYS[1], id)
    else
        local group = redis.call("HGET", task_key, "group")
        if group and group ~= "" then
            redis.call("ZADD", ARGV[4] .. group, ARGV[1], id)
            redis.call("ZREM", KEYS[1], id)
            redis.call("HSET", task_key, "state", "aggregating")
        else
            redis.call("LPUSH", KEYS[2], id)
            redis.call("ZREM", KEYS[1], id)
            redis.call("HSET", task_key, "state", "pending", "pending_since", ARGV[3])
        end
    end
end
return #ids
