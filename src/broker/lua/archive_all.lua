-- archive_all.lua: every task of the pending list, or of a scheduled, retry or group zset -> archived
-- (spec §4.22.10). msg untouched, no counters, unique locks kept, as in Go.
-- KEYS[1] source (list or zset)   KEYS[2] archived zset   KEYS[3] (group source only) groups set asynq:{q}:groups
-- ARGV[1] task key prefix asynq:{q}:t:   ARGV[2] "list" or "zset": the source's type   ARGV[3] now, unix seconds
-- ARGV[4] age cutoff, unix seconds (now - 90 days)   ARGV[5] archive size limit (10000)
-- ARGV[6] (group source only) the group name
-- Task hashes are derived as ARGV[1] .. id: same {q} tag, same slot. Trimmed tasks lose their hashes (see
-- archive_task.lua). An id without a hash is dropped, not archived.
-- Returns how many tasks were archived.
--! include trim_archive
--! include drain_container
local ids = container_ids(KEYS[1], ARGV[2])
local archived = 0
for _, id in ipairs(ids) do
    local task_key = ARGV[1] .. id
    if redis.call("EXISTS", task_key) == 1 then
        redis.call("ZADD", KEYS[2], ARGV[3], id)
        redis.call("HSET", task_key, "state", "archived")
        archived = archived + 1
    end
end
drop_container(KEYS[1], KEYS[3], ARGV[6])

trim_archive(KEYS[2], ARGV[4], ARGV[5], ARGV[1])
return archived
