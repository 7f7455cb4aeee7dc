-- state_for_action(task_key, target_state), from lua/lib: reads the state and group of a task an administrator
-- acts on (run, archive, delete). Returns state, group when the action may go on; otherwise nil, nil and the
-- script's reply: 0 when the task does not exist, -1 when it is active, -2 when it is already in target_state
-- (nil: no such check), an error when the hash has no state.
local function state_for_action(task_key, target_state)
    if redis.call("EXISTS", task_key) == 0 then
        return nil, nil, 0
    end
    local fields = redis.call("HMGET", task_key, "state", "group")
    local state = fields[1]
    if state == "active" then
        return nil, nil, -1
    end
    if target_state and state == target_state then
        return nil, nil, -2
    end
    if not state then
        return nil, nil, redis.error_reply("INTERNAL task hash has no state")
    end
    return state, fields[2], nil
end
