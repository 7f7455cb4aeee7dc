-- memory_usage.lua: estimated bytes used by a queue's tasks and containers (spec §4.22.2). Read-only.
-- KEYS[1] pending list  KEYS[2] active list  KEYS[3] scheduled zset  KEYS[4] retry zset  KEYS[5] archived zset
-- KEYS[6] completed zset  KEYS[7] groups set
-- ARGV[1] task key prefix asynq:{q}:t:  ARGV[2] group key prefix asynq:{q}:g:  ARGV[3] tasks sampled per container
-- ARGV[4] groups sampled
-- Task hashes and group zsets are derived from the prefixes (the queue's slot). For each container, the sampled
-- hashes' MEMORY USAGE is scaled to the container's length and the container's own usage added; groups are sampled
-- together and scaled to the number of aggregating tasks (no division when nothing could be sampled).
-- Returns the estimate in bytes.
local sample_size = tonumber(ARGV[3])
local total = 0

local function usage(key)
    return redis.call("MEMORY", "USAGE", key) or 0
end

-- Sum of the usage of the task hashes of ids, and how many of them exist.
local function sample_tasks(ids)
    local bytes, found = 0, 0
    for _, id in ipairs(ids) do
        local b = redis.call("MEMORY", "USAGE", ARGV[1] .. id)
        if b then
            bytes = bytes + b
            found = found + 1
        end
    end
    return bytes, found
end

local function add_scaled(bytes, found, count)
    if found > 0 then
        total = total + math.ceil(bytes * count / found)
    end
end

for i = 1, 2 do
    local bytes, found = sample_tasks(redis.call("LRANGE", KEYS[i], 0, sample_size - 1))
    add_scaled(bytes, found, redis.call("LLEN", KEYS[i]))
    total = total + usage(KEYS[i])
end
for i = 3, 6 do
    local bytes, found = sample_tasks(redis.call("ZRANGE", KEYS[i], 0, sample_size - 1))
    add_scaled(bytes, found, redis.call("ZCARD", KEYS[i]))
    total = total + usage(KEYS[i])
end

local group_names = redis.call("SMEMBERS", KEYS[7])
local aggregating, group_bytes, group_found = 0, 0, 0
for i, name in ipairs(group_names) do
    local group_key = ARGV[2] .. name
    aggregating = aggregating + redis.call("ZCARD", group_key)
    if i <= tonumber(ARGV[4]) then
        local bytes, found = sample_tasks(redis.call("ZRANGE", group_key, 0, sample_size - 1))
        group_bytes = group_bytes + bytes
        group_found = group_found + found
        total = total + usage(group_key)
    end
end
add_scaled(group_bytes, group_found, aggregating)
total = total + usage(KEYS[7])
return total
