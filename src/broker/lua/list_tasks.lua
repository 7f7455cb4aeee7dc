-- list_tasks.lua: one page of a queue's tasks in one state, for the Inspector's listings (spec §4.22.5). Read-only.
-- KEYS[1] the state's container: a list (pending, active) or a zset (scheduled, retry, archived, completed, a group)
-- KEYS[2] (optional, active only) the lease zset
-- ARGV[1] task key prefix asynq:{q}:t:  ARGV[2] "list" or "zset"  ARGV[3] start index  ARGV[4] stop index
-- (LRANGE/ZRANGE indexes, inclusive; the caller gives negative ones to read a list from its oldest end)
-- Task hashes are derived from the prefix (the queue's slot).
-- Returns a flat array of 4 per task, in container order: id, msg (false if the hash is gone), result (or false),
-- score (zset: the member's score; active: its lease expiry, or false; else false).
local out = {}
local function add(id, score)
    local fields = redis.call("HMGET", ARGV[1] .. id, "msg", "result")
    out[#out + 1] = id
    out[#out + 1] = fields[1]
    out[#out + 1] = fields[2]
    out[#out + 1] = score
end
if ARGV[2] == "list" then
    for _, id in ipairs(redis.call("LRANGE", KEYS[1], ARGV[3], ARGV[4])) do
        local score = false
        if KEYS[2] then
            score = redis.call("ZSCORE", KEYS[2], id)
        end
        add(id, score)
    end
else
    local entries = redis.call("ZRANGE", KEYS[1], ARGV[3], ARGV[4], "WITHSCORES")
    for i = 1, #entries, 2 do
        add(entries[i], entries[i + 1])
    end
end
return out
