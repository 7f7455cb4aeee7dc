-- delete_task.lua: deletes one task that is not active (spec §4.22.11), releasing its unique lock if it still
-- holds it.
-- KEYS[1] task hash   KEYS[2] groups set asynq:{q}:groups
-- ARGV[1] task id   ARGV[2] queue prefix asynq:{q}:   ARGV[3] group key prefix asynq:{q}:g:
-- The task's container (ARGV[2] .. state, or ARGV[3] .. group) is derived from a prefix with the same {q} tag. The
-- lock is the hash's unique_key field; it is used only if it starts with ARGV[2] (so it is in the same slot), which
-- every lock written by asynq does.
-- Returns 1 when deleted; 0 when the task does not exist; -1 when it is active.
-- Errors when the id is missing from its container.
if redis.call("EXISTS", KEYS[1]) == 0 then
    return 0
end
local fields = redis.call("HMGET", KEYS[1], "state", "group", "unique_key")
local state, group, lock = fields[1], fields[2], fields[3]
if state == "active" then
    return -1
end
if not state then
    return redis.error_reply("INTERNAL task hash has no state")
end
if state == "pending" then
    if redis.call("LREM", ARGV[2] .. "pending", 0, ARGV[1]) == 0 then
        return redis.error_reply("INTERNAL task id not found in list " .. ARGV[2] .. "pending")
    end
elseif state == "aggregating" then
    if not group or group == "" then
        return redis.error_reply("INTERNAL aggregating task has no group")
    end
    local group_key = ARGV[3] .. group
    if redis.call("ZREM", group_key, ARGV[1]) == 0 then
        return redis.error_reply("INTERNAL task id not found in zset " .. group_key)
    end
    if redis.call("ZCARD", group_key) == 0 then
        redis.call("SREM", KEYS[2], group)
    end
else
    local container = ARGV[2] .. state
    if redis.call("ZREM", container, ARGV[1]) == 0 then
        return redis.error_reply("INTERNAL task id not found in zset " .. container)
    end
end
if lock and lock ~= "" and string.sub(lock, 1, #ARGV[2]) == ARGV[2] and redis.call("GET", lock) == ARGV[1] then
    redis.call("DEL", lock)
end
return redis.call("DEL", KEYS[1])
