-- list_lease_expired.lua: active tasks whose lease expired, for the recoverer (spec §4.14). Read-only.
-- KEYS[1] lease zset asynq:{q}:lease
-- ARGV[1] cutoff, unix seconds (inclusive)   ARGV[2] task key prefix asynq:{q}:t:
-- Task hashes are derived as ARGV[2] .. id: same {q} tag, same slot.
-- Returns a flat list {id1, msg1, id2, msg2, ...} in lease order; ids whose hash has no msg are left out (Go
-- v0.25+). Unlike Go we return the ids too, so the caller can move an undecodable msg aside by id.
local result = {}
for _, id in ipairs(redis.call("ZRANGE", KEYS[1], "-inf", ARGV[1], "BYSCORE")) do
    local msg = redis.call("HGET", ARGV[2] .. id, "msg")
    if msg then
        result[#result + 1] = id
        result[#result + 1] = msg
    end
end
return result
