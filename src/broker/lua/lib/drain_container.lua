-- container_ids(key, kind) and drop_container(key, groups_key, group), from lua/lib, for the *_all scripts:
-- container_ids lists every task id of a state's container ("list" for pending, "zset" otherwise);
-- drop_container deletes the container and, for a group's zset (groups_key given), the group's name. All these
-- keys share the script's {q} slot.
local function container_ids(key, kind)
    if kind == "list" then
        return redis.call("LRANGE", key, 0, -1)
    end
    return redis.call("ZRANGE", key, 0, -1)
end

local function drop_container(key, groups_key, group)
    redis.call("DEL", key)
    if groups_key then
        redis.call("SREM", groups_key, group)
    end
end
