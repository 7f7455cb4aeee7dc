-- trim_archive(archived_key, cutoff, size_limit, task_key_prefix), from lua/lib: deletes the archived tasks older
-- than cutoff (unix seconds) and the oldest beyond size_limit - 1, their hashes (task_key_prefix .. id, same {q}
-- slot) included, as Go's server does since v0.25 (spec §4.11). ZREM goes in slices: unpack() of thousands of
-- values would overflow Lua's C stack.
local function trim_archive(archived_key, cutoff, size_limit, task_key_prefix)
    local function drop(ids)
        for _, id in ipairs(ids) do
            redis.call("DEL", task_key_prefix .. id)
        end
        for first = 1, #ids, 1000 do
            redis.call("ZREM", archived_key, unpack(ids, first, math.min(first + 999, #ids)))
        end
    end
    drop(redis.call("ZRANGE", archived_key, "-inf", cutoff, "BYSCORE"))
    drop(redis.call("ZRANGE", archived_key, 0, -tonumber(size_limit)))
end
