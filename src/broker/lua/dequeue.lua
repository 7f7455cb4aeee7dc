-- dequeue.lua: the oldest pending task of one queue -> active, leased (spec §4.6).
-- KEYS[1] pending list   KEYS[2] paused flag   KEYS[3] active list   KEYS[4] lease zset   (all asynq:{q}:...)
-- ARGV[1] lease expiry, unix seconds (now + lease duration)   ARGV[2] task key prefix asynq:{q}:t:
-- The task hash is derived as ARGV[2] .. id: same {q} tag, so same slot as KEYS.
-- Returns -1 when the queue is paused, 0 when nothing is pending, {id, msg} for a task (msg is nil when its hash
-- has no msg field), or {id} when the hash is missing: that dangling id was taken out of active and lease again.
-- Deviation from Go, on purpose: Go HSETs state on a missing hash (creating a hash with no msg) and leaves the id
-- in active and lease forever; we check first and drop the id, so nothing is created and nothing is stuck.
if redis.call("EXISTS", KEYS[2]) == 1 then
    return -1
end
local id = redis.call("LMOVE", KEYS[1], KEYS[3], "RIGHT", "LEFT")
if not id then
    return 0
end
local task_key = ARGV[2] .. id
if redis.call("EXISTS", task_key) == 0 then
    redis.call("LREM", KEYS[3], 1, id)  -- LMOVE pushed it on the left: the first occurrence is ours
    redis.call("ZREM", KEYS[4], id)
    return {id}
end
redis.call("HSET", task_key, "state", "active")
redis.call("HDEL", task_key, "pending_since")
redis.call("ZADD", KEYS[4], ARGV[1], id)
return {id, redis.call("HGET", task_key, "msg")}
