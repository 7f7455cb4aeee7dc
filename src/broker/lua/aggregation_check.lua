-- aggregation_check.lua: aggregating tasks of group g -> a new aggregation set, when a rule says the group is
-- ready (spec §4.16).
-- KEYS[1] group zset asynq:{q}:g:<g>   KEYS[2] the new set asynq:{q}:g:<g>:<set id> (a fresh UUID v4)
-- KEYS[3] aggregation sets zset asynq:{q}:aggregation_sets   KEYS[4] group names set asynq:{q}:groups
-- ARGV[1] max size (0 = none)   ARGV[2] max delay, seconds (0 = none)   ARGV[3] grace period, seconds
-- ARGV[4] set deadline, unix seconds   ARGV[5] check time, unix seconds   ARGV[6] group name
-- Returns 1 when the set was made (the caller chose its id), 0 when the group is empty or not ready.
-- Rules, first match wins, as Go: size (the group holds max size tasks or more), max delay (its oldest task joined
-- max delay ago or earlier), grace (its newest task joined grace period ago or earlier). The set takes the group's
-- first max size tasks (all of them when max size is 0) with their scores and is registered with its deadline.
-- The group name leaves KEYS[4] when the set took the whole group.
local size = redis.call("ZCARD", KEYS[1])
if size == 0 then
    return 0
end
local max_size = tonumber(ARGV[1])
local max_delay = tonumber(ARGV[2])
local now = tonumber(ARGV[5])

local function make_set()
    -- With max size 0 the range 0 .. -1 is the whole group.
    local members = redis.call("ZRANGE", KEYS[1], 0, max_size - 1, "WITHSCORES")
    for i = 1, #members, 2 do
        redis.call("ZADD", KEYS[2], members[i + 1], members[i])
    end
    redis.call("ZREMRANGEBYRANK", KEYS[1], 0, max_size - 1)
    redis.call("ZADD", KEYS[3], ARGV[4], KEYS[2])
    -- Go's two conditions (size = max size under the size rule; size <= max size or no max size otherwise) both
    -- mean "the group is now empty".
    if max_size == 0 or size <= max_size then
        redis.call("SREM", KEYS[4], ARGV[6])
    end
    return 1
end

if max_size ~= 0 and size >= max_size then
    return make_set()
end
if max_delay ~= 0 then
    local oldest = redis.call("ZRANGE", KEYS[1], 0, 0, "WITHSCORES")
    if tonumber(oldest[2]) <= now - max_delay then
        return make_set()
    end
end
local newest = redis.call("ZRANGE", KEYS[1], -1, -1, "WITHSCORES")
if tonumber(newest[2]) <= now - tonumber(ARGV[3]) then
    return make_set()
end
return 0
