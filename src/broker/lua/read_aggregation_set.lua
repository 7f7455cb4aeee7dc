-- read_aggregation_set.lua: the messages of an aggregation set's tasks and the set's deadline (spec §4.17).
-- Read-only. The caller read the members first (ZRANGE), so every key is declared.
-- KEYS[1] aggregation sets zset asynq:{q}:aggregation_sets   KEYS[2] the set asynq:{q}:g:<g>:<set id>
-- KEYS[3 .. 2+n] the hashes of the set's n members, oldest first (asynq:{q}:..., one slot)
-- Returns {deadline, msg1, ..., msgn}: deadline is the set's score in KEYS[1] (unix seconds), or nil when the set
-- is no longer registered (reclaimed or deleted since the members were read; nothing else is returned then);
-- msgi is the msg field of hash i, or nil when that hash has no msg (the task was deleted meanwhile).
local deadline = redis.call("ZSCORE", KEYS[1], KEYS[2])
if not deadline then
    return {false}
end
local result = {deadline}
for i = 3, #KEYS do
    result[#result + 1] = redis.call("HGET", KEYS[i], "msg")
end
return result
