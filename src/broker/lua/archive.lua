-- archive.lua: active -> archived after retries ran out, SkipRetry, or an expired lease with no retries left
-- (spec §4.11, v0.25+ steps: trimmed tasks lose their hashes too).
-- KEYS[1] task hash   KEYS[2] active list   KEYS[3] lease zset   KEYS[4] archived zset
-- KEYS[5] processed counter of today (UTC)   KEYS[6] failed counter of today   KEYS[7] processed total
-- KEYS[8] failed total
-- ARGV[1] task id   ARGV[2] encoded TaskMessage (error_msg, last_failed_at updated; retried unchanged)
-- ARGV[3] now, unix seconds (archived-at score)   ARGV[4] age cutoff, unix seconds (now - 90 days)
-- ARGV[5] archive size limit (10000: at most limit - 1 members remain)
-- ARGV[6] daily counter expiry, unix seconds (now + 90 days)   ARGV[7] MAXINT64   ARGV[8] task key prefix asynq:{q}:t:
-- Trimmed tasks' hashes are derived as ARGV[8] .. id: same {q} tag, so same slot as KEYS.
-- Returns 1 when archived; 0 when the id was not in active (nothing written); -1 when it was in active but not in
-- lease (Go: "NOT FOUND"; removed from active only). The unique lock is kept, as in Go.
--! include trim_archive
--! include count_failure
if redis.call("LREM", KEYS[2], 0, ARGV[1]) == 0 then
    return 0
end
if redis.call("ZREM", KEYS[3], ARGV[1]) == 0 then
    return -1
end
redis.call("ZADD", KEYS[4], ARGV[3], ARGV[1])

trim_archive(KEYS[4], ARGV[4], ARGV[5], ARGV[8])
redis.call("HSET", KEYS[1], "msg", ARGV[2], "state", "archived")
count_failure(KEYS[5], KEYS[6], KEYS[7], KEYS[8], ARGV[6], ARGV[7])
return 1
