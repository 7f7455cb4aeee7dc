-- delete_aggregation_set.lua: aggregated tasks -> deleted, with their set (spec §4.18). Unique locks are kept, as Go.
-- KEYS[1] aggregation sets zset asynq:{q}:aggregation_sets   KEYS[2] the set asynq:{q}:g:<g>:<set id>
-- KEYS[3 .. 2+n] the hashes of the n tasks the caller aggregated (asynq:{q}:..., one slot)
-- ARGV[1 .. n] the ids of those tasks, in KEYS order
-- Only tasks still in the set lose their hash: if the set was reclaimed meanwhile (its deadline passed), its tasks
-- are back in their group and must survive.
-- Returns how many task hashes were deleted.
local deleted = 0
for i = 1, #ARGV do
    if redis.call("ZSCORE", KEYS[2], ARGV[i]) then
        deleted = deleted + redis.call("DEL", KEYS[2 + i])
    end
end
redis.call("DEL", KEYS[2])
redis.call("ZREM", KEYS[1], KEYS[2])
return deleted
