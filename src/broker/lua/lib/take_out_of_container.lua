-- take_out_of_container(id, state, group, queue_prefix, group_key_prefix, groups_key), from lua/lib: removes a
-- task id from the container its state names: the pending list, the state's zset (queue_prefix .. state), or its
-- group's zset (group_key_prefix .. group), dropping the group's name from groups_key when that empties it. All
-- these keys share the script's {q} slot. Returns an error reply (for the caller to return) when the id is not
-- where its state says, nil otherwise.
local function take_out_of_container(id, state, group, queue_prefix, group_key_prefix, groups_key)
    if state == "pending" then
        if redis.call("LREM", queue_prefix .. "pending", 0, id) == 0 then
            return redis.error_reply("INTERNAL task id not found in list " .. queue_prefix .. "pending")
        end
    elseif state == "aggregating" then
        if not group or group == "" then
            return redis.error_reply("INTERNAL aggregating task has no group")
        end
        local group_key = group_key_prefix .. group
        if redis.call("ZREM", group_key, id) == 0 then
            return redis.error_reply("INTERNAL task id not found in zset " .. group_key)
        end
        if redis.call("ZCARD", group_key) == 0 then
            redis.call("SREM", groups_key, group)
        end
    else
        local container = queue_prefix .. state
        if redis.call("ZREM", container, id) == 0 then
            return redis.error_reply("INTERNAL task id not found in zset " .. container)
        end
    end
    return nil
end
