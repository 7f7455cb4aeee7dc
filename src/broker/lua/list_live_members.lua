-- list_live_members.lua: the members of a heartbeat zset (asynq:servers, asynq:workers or asynq:schedulers) whose
-- expiry has not passed, removing the expired ones as Go's readers do (spec §4.22.15, §7.9.7).
-- KEYS[1] the zset (member -> expiry, unix s)   ARGV[1] now, unix seconds
-- Returns the live members (keys of server infos, worker hashes or scheduler entry lists), by expiry ascending.
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", tonumber(ARGV[1]) - 1)
return redis.call("ZRANGEBYSCORE", KEYS[1], ARGV[1], "+inf")
