-- run_all.lua: every task of a scheduled, retry or archived zset, or of a group zset -> pending (spec §4.22.8).
-- KEYS[1] source zset   KEYS[2] pending list   KEYS[3] (group source only) groups set asynq:{q}:groups
-- ARGV[1] task key prefix asynq:{q}:t:   ARGV[2] (group source only) the group name
-- Task hashes are derived as ARGV[1] .. id: same {q} tag, same slot. Like Go, msg and pending_since are untouched.
-- An id without a hash is dropped instead of getting a hash with nothing but a state.
-- Returns how many tasks were moved.
--! include drain_container
local ids = redis.call("ZRANGE", KEYS[1], 0, -1)
local moved = 0
for _, id in ipairs(ids) do
    local task_key = ARGV[1] .. id
    if redis.call("EXISTS", task_key) == 1 then
        redis.call("LPUSH", KEYS[2], id)
        redis.call("HSET", task_key, "state", "pending")
        moved = moved + 1
    end
end
drop_container(KEYS[1], KEYS[3], ARGV[2])
return moved
