-- reclaim_stale_aggregation_sets.lua: aggregation sets whose deadline passed (their server died or gave up) ->
-- their tasks back in their group (spec §4.19). The caller listed the stale sets first (ZRANGEBYSCORE), so every
-- key is declared; each set's deadline is checked again here, since another server may have reclaimed or deleted
-- it meanwhile.
-- KEYS[1] aggregation sets zset asynq:{q}:aggregation_sets   KEYS[2] group names set asynq:{q}:groups
-- KEYS[1 + 2i] set i asynq:{q}:g:<g>:<set id>   KEYS[2 + 2i] its group zset asynq:{q}:g:<g> (i = 1..n)
-- ARGV[1] now, unix seconds   ARGV[1 + i] the group name of set i
-- Returns how many sets were reclaimed.
-- Deliberate deviation from Go (spec §7.9.5): the group name is added back to KEYS[2]. Go leaves it out, so when
-- the check that made the set had emptied the group, the reclaimed tasks are not looked at again until another
-- task joins the group; with the SADD an aggregation interrupted by a crash is taken up at the next check. The
-- SADD is harmless to Go peers: they check every group named there.
local now = tonumber(ARGV[1])
local reclaimed = 0
for i = 1, (#KEYS - 2) / 2 do
    local set_key = KEYS[1 + 2 * i]
    local group_key = KEYS[2 + 2 * i]
    local deadline = redis.call("ZSCORE", KEYS[1], set_key)
    if deadline and tonumber(deadline) <= now then
        local members = redis.call("ZRANGE", set_key, 0, -1, "WITHSCORES")
        for j = 1, #members, 2 do
            redis.call("ZADD", group_key, members[j + 1], members[j])
        end
        redis.call("DEL", set_key)
        redis.call("ZREM", KEYS[1], set_key)
        if #members > 0 then
            redis.call("SADD", KEYS[2], ARGV[1 + i])
        end
        reclaimed = reclaimed + 1
    end
end
return reclaimed
