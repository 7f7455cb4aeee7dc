-- once_per_occurrence.lua: prepended to the enqueue scripts for a Scheduler (cmake/EmbedLua.cmake). Schedulers
-- running the same entry all fire each occurrence; the first to claim it enqueues, the others are told so. Claim
-- and enqueue are one script, so a scheduler that dies between them cannot lose the occurrence.
-- KEYS[#KEYS] claim key asynq:{q}:scheduler_occurrence:<entry digest>:<occurrence>
-- ARGV[#ARGV - 1] the claiming scheduler's id   ARGV[#ARGV] claim TTL, milliseconds
-- The script's own KEYS and ARGV come first, so its body reads them at their usual indices.
-- Returns -2 when another scheduler already claimed the occurrence; otherwise the script's own result.
if not redis.call("SET", KEYS[#KEYS], ARGV[#ARGV - 1], "NX", "PX", ARGV[#ARGV]) then
    return -2
end
