-- run_task.lua: one scheduled, retry, archived, completed or aggregating task -> pending (spec §4.22.7).
-- KEYS[1] task hash   KEYS[2] pending list   KEYS[3] groups set asynq:{q}:groups
-- ARGV[1] task id   ARGV[2] queue prefix asynq:{q}:   ARGV[3] group key prefix asynq:{q}:g:
-- The task's container is derived as ARGV[2] .. state, or ARGV[3] .. group for an aggregating task: same {q} tag,
-- so same slot as KEYS.
-- Returns 1 when moved; 0 when the task does not exist; -1 when it is active; -2 when it is already pending.
-- Like Go, no pending_since is written and msg is untouched. Errors when the id is missing from its container.
--! include state_for_action
--! include take_out_of_container
local state, group, refusal = state_for_action(KEYS[1], "pending")
if not state then
    return refusal
end
local failure = take_out_of_container(ARGV[1], state, group, ARGV[2], ARGV[3], KEYS[3])
if failure then
    return failure
end
redis.call("LPUSH", KEYS[2], ARGV[1])
redis.call("HSET", KEYS[1], "state", "pending")
return 1
