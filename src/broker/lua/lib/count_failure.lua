-- count_failure(processed_today, failed_today, processed_total, failed_total, expiry, maxint), from lua/lib: one
-- failed attempt in the counters (spec §4.10, §4.11). A new daily counter expires at `expiry` (unix seconds); both
-- totals wrap together at MAXINT64, so failed never exceeds processed.
local function count_failure(processed_today, failed_today, processed_total, failed_total, expiry, maxint)
    if redis.call("INCR", processed_today) == 1 then
        redis.call("EXPIREAT", processed_today, expiry)
    end
    if redis.call("INCR", failed_today) == 1 then
        redis.call("EXPIREAT", failed_today, expiry)
    end
    if redis.call("GET", processed_total) == maxint then
        redis.call("SET", processed_total, 1)
        redis.call("SET", failed_total, 1)
    else
        redis.call("INCR", processed_total)
        redis.call("INCR", failed_total)
    end
end
