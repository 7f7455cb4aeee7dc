-- remove_queue.lua: deletes a queue's pending, active, scheduled, retry, archived and lease keys (spec §4.22.13).
-- Completed tasks, groups, aggregation sets, the paused flag, counters and unique locks stay, as in Go (spec §1.4).
-- KEYS[1] pending list   KEYS[2] active list   KEYS[3] scheduled zset   KEYS[4] retry zset   KEYS[5] archived zset
-- KEYS[6] lease zset
-- ARGV[1] task key prefix asynq:{q}:t:   ARGV[2] "1" = force: delete the tasks too; "0" = only an empty queue
-- Task hashes are derived as ARGV[1] .. id: same {q} tag, same slot.
-- Returns 1 when removed; -1 when not forced and the queue has tasks; -2 when forced and tasks are active.
-- (The caller then removes the name from asynq:queues, which is in another slot.)
if ARGV[2] == "1" then
    if redis.call("LLEN", KEYS[2]) > 0 then
        return -2
    end
    local function delete_hashes(ids)
        for _, id in ipairs(ids) do
            redis.call("DEL", ARGV[1] .. id)
        end
    end
    delete_hashes(redis.call("LRANGE", KEYS[1], 0, -1))
    for i = 3, 5 do
        delete_hashes(redis.call("ZRANGE", KEYS[i], 0, -1))
    end
else
    local count = redis.call("LLEN", KEYS[1]) + redis.call("LLEN", KEYS[2])
    for i = 3, 5 do
        count = count + redis.call("ZCARD", KEYS[i])
    end
    if count > 0 then
        return -1
    end
end
redis.call("DEL", KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
return 1
