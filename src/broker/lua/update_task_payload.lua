-- update_task_payload.lua: replaces the msg of a scheduled task (spec §4.22.16). Other fields (state, unique_key,
-- group, result...) are kept; the unique lock is not recomputed, as in Go.
-- KEYS[1] task hash
-- ARGV[1] the new encoded TaskMessage   ARGV[2] the msg it was made from, as read by the caller
-- Returns 1 when written; 0 when the task does not exist; -1 when it is not scheduled; -2 when its msg changed since
-- the caller read it (nothing written: read again and retry).
if redis.call("EXISTS", KEYS[1]) == 0 then
    return 0
end
local fields = redis.call("HMGET", KEYS[1], "state", "msg")
if fields[1] ~= "scheduled" then
    return -1
end
if fields[2] ~= ARGV[2] then
    return -2
end
redis.call("HSET", KEYS[1], "msg", ARGV[1])
return 1
