-- current_stats.lua: a queue's counts and counters for the Inspector's queue info (spec §4.22.1). Read-only.
-- KEYS[1] pending list  KEYS[2] active list  KEYS[3] scheduled zset  KEYS[4] retry zset  KEYS[5] archived zset
-- KEYS[6] completed zset  KEYS[7] processed:<today>  KEYS[8] failed:<today>  KEYS[9] processed (all time)
-- KEYS[10] failed (all time)  KEYS[11] paused  KEYS[12] groups set
-- ARGV[1] task key prefix asynq:{q}:t:   ARGV[2] group key prefix asynq:{q}:g:
-- The pending_since field is read from the oldest pending task's hash and the group zsets are found from the groups
-- set: keys derived from the prefixes, all in the queue's slot.
-- Returns {pending, active, scheduled, retry, archived, completed, processed today, failed today, processed total,
-- failed total, paused (0/1), oldest pending_since (unix ns, or false), groups, aggregating}; the four counters and
-- pending_since are returned as stored (strings, or false when absent), so values above 2^53 keep every digit.
local oldest_pending_since = false
local oldest = redis.call("LRANGE", KEYS[1], -1, -1)
if #oldest > 0 then
    oldest_pending_since = redis.call("HGET", ARGV[1] .. oldest[1], "pending_since")
end
local group_names = redis.call("SMEMBERS", KEYS[12])
local aggregating = 0
for _, name in ipairs(group_names) do
    aggregating = aggregating + redis.call("ZCARD", ARGV[2] .. name)
end
return {
    redis.call("LLEN", KEYS[1]),
    redis.call("LLEN", KEYS[2]),
    redis.call("ZCARD", KEYS[3]),
    redis.call("ZCARD", KEYS[4]),
    redis.call("ZCARD", KEYS[5]),
    redis.call("ZCARD", KEYS[6]),
    redis.call("GET", KEYS[7]),
    redis.call("GET", KEYS[8]),
    redis.call("GET", KEYS[9]),
    redis.call("GET", KEYS[10]),
    redis.call("EXISTS", KEYS[11]),
    oldest_pending_since,
    #group_names,
    aggregating,
}
