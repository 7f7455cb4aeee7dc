-- delete_task.lua: deletes one task that is not active (spec §4.22.11), releasing its unique lock if it still
-- holds it.
-- KEYS[1] task hash   KEYS[2] groups set asynq:{q}:groups
-- ARGV[1] task id   ARGV[2] queue prefix asynq:{q}:   ARGV[3] group key prefix asynq:{q}:g:
-- The task's container (ARGV[2] .. state, or ARGV[3] .. group) is derived from a prefix with the same {q} tag. The
-- lock is the hash's unique_key field; it is used only if it starts with ARGV[2] (so it is in the same slot), which
-- every lock written by asynq does.
-- Returns 1 when deleted; 0 when the task does not exist; -1 when it is active.
-- Errors when the id is missing from its container.
--! include state_for_action
--! include take_out_of_container
--! include release_unique_lock
local state, group, refusal = state_for_action(KEYS[1], nil)
if not state then
    return refusal
end
local lock = redis.call("HGET", KEYS[1], "unique_key")
local failure = take_out_of_container(ARGV[1], state, group, ARGV[2], ARGV[3], KEYS[2])
if failure then
    return failure
end
release_unique_lock(lock, ARGV[1], ARGV[2])
return redis.call("DEL", KEYS[1])
