-- get_task_info.lua: read one task for TaskInfo (spec §4.22.4). Read-only.
-- KEYS[1] task hash   KEYS[2] scheduled zset   KEYS[3] retry zset
-- ARGV[1] task id   ARGV[2] now, unix seconds
-- Returns nil when the task does not exist, else {msg, state, result or nil, next process at (unix s, 0 = none)}.
local fields = redis.call("HMGET", KEYS[1], "msg", "state", "result")
if not fields[1] then
    return nil
end
local state = fields[2]
local next_process_at = 0
if state == "scheduled" then
    next_process_at = redis.call("ZSCORE", KEYS[2], ARGV[1]) or 0
elseif state == "retry" then
    next_process_at = redis.call("ZSCORE", KEYS[3], ARGV[1]) or 0
elseif state == "pending" then
    next_process_at = ARGV[2]
end
return {fields[1], state, fields[3], next_process_at}
