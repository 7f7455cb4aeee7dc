-- archive_task.lua: one pending, scheduled, retry, completed or aggregating task -> archived by an administrator
-- (spec §4.22.9). msg is untouched (no error text), no counters, the unique lock is kept, as in Go.
-- KEYS[1] task hash   KEYS[2] archived zset   KEYS[3] groups set asynq:{q}:groups
-- ARGV[1] task id   ARGV[2] now, unix seconds (archived-at score)   ARGV[3] age cutoff, unix seconds (now - 90 days)
-- ARGV[4] archive size limit (10000: at most limit - 1 members remain)   ARGV[5] queue prefix asynq:{q}:
-- ARGV[6] group key prefix asynq:{q}:g:   ARGV[7] task key prefix asynq:{q}:t:
-- The task's container (ARGV[5] .. state, or ARGV[6] .. group) and the hashes of trimmed tasks (ARGV[7] .. id) are
-- derived from prefixes with the same {q} tag, so same slot as KEYS. Unlike Go's Inspector (spec §7.9.6), trimmed
-- tasks lose their hashes too, as in the server's archive: no reader can tell, and nothing leaks.
-- Returns 1 when archived; 0 when the task does not exist; -1 when it is active; -2 when already archived.
-- Errors when the id is missing from its container.
--! include state_for_action
--! include take_out_of_container
--! include trim_archive
local state, group, refusal = state_for_action(KEYS[1], "archived")
if not state then
    return refusal
end
local failure = take_out_of_container(ARGV[1], state, group, ARGV[5], ARGV[6], KEYS[3])
if failure then
    return failure
end
redis.call("ZADD", KEYS[2], ARGV[2], ARGV[1])
redis.call("HSET", KEYS[1], "state", "archived")

trim_archive(KEYS[2], ARGV[3], ARGV[4], ARGV[7])
return 1
