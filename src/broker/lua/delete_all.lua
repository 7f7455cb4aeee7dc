-- delete_all.lua: deletes every task of the pending list, or of a scheduled, retry, archived, completed or group
-- zset (spec §4.22.12).
-- KEYS[1] source (list or zset)   KEYS[2] (group source only) groups set asynq:{q}:groups
-- ARGV[1] task key prefix asynq:{q}:t:   ARGV[2] "list" or "zset": the source's type
-- ARGV[3] "1" to release the unique locks the tasks still hold (scheduled, retry, archived, completed), "0" to keep
-- them (pending, aggregating: Go keeps those, spec §7.9.3)   ARGV[4] queue prefix asynq:{q}:
-- ARGV[5] (group source only) the group name
-- Task hashes are derived as ARGV[1] .. id; a lock (the hash's unique_key field) is used only if it starts with
-- ARGV[4]: same {q} tag, same slot.
-- Returns how many task hashes were deleted.
--! include release_unique_lock
--! include drain_container
local ids = container_ids(KEYS[1], ARGV[2])
local deleted = 0
for _, id in ipairs(ids) do
    local task_key = ARGV[1] .. id
    if ARGV[3] == "1" then
        release_unique_lock(redis.call("HGET", task_key, "unique_key"), id, ARGV[4])
    end
    deleted = deleted + redis.call("DEL", task_key)
end
drop_container(KEYS[1], KEYS[2], ARGV[5])
return deleted
