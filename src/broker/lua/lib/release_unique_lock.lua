-- release_unique_lock(lock, id, queue_prefix), from lua/lib: deletes the unique lock a task hash names in its
-- unique_key field if the lock still holds this task's id. The name is used only if it starts with queue_prefix,
-- so it is in the script's {q} slot, which every lock asynq writes is.
local function release_unique_lock(lock, id, queue_prefix)
    if lock and lock ~= "" and string.sub(lock, 1, #queue_prefix) == queue_prefix and redis.call("GET", lock) == id then
        redis.call("DEL", lock)
    end
end
