import TillRedis

/// The Lua scripts of the saga log. Each append checks the fencing token (the lease generation)
/// first, so an owner that lost its lease to an adopter can no longer write.
///
/// KEYS start with `record, log, lease` of one saga (one hash slot); `create` and `append` may
/// take the kind's index keys after them on a single Redis server (``SagaLog/SlotPolicy``).
enum SagaScripts {
    /// Creates the saga unless it exists. ARGV: params hash, owner, lease ms, now (s), kind,
    /// input, steps, context, first log record, trace id, channel, event, saga id, created (ms),
    /// lease due (ms). With the kind's index keys after the saga's (KEYS: record, log, lease, all,
    /// due, running; one Redis server only, see ``SagaLog/SlotPolicy``) a created saga is indexed
    /// in the same script; without them the caller indexes it first with ``indexAdd``.
    /// → `{created}` | `{exists, params_hash, state, steps, context, created_at, updated_at}`.
    static let create = RedisScript(#"""
    local r = redis.call('HMGET', KEYS[1], 'params_hash', 'state', 'steps', 'context', 'created_at', 'updated_at')
    if r[2] then return {'exists', r[1], r[2], r[3], r[4], r[5], r[6]} end
    if #KEYS == 6 then
      redis.call('ZADD', KEYS[4], 'NX', ARGV[14], ARGV[13])
      redis.call('ZADD', KEYS[5], 'NX', ARGV[15], ARGV[13])
      redis.call('ZADD', KEYS[6], 'NX', ARGV[14], ARGV[13])
    end
    redis.call('HSET', KEYS[1], 'v', 1, 'kind', ARGV[5], 'params_hash', ARGV[1], 'token', 1, 'owner', ARGV[2],
      'input', ARGV[6], 'state', 'running', 'steps', ARGV[7], 'context', ARGV[8],
      'created_at', ARGV[4], 'updated_at', ARGV[4], 'trace_id', ARGV[10])
    redis.call('RPUSH', KEYS[2], ARGV[9])
    redis.call('SET', KEYS[3], ARGV[2] .. ':1', 'PX', ARGV[3])
    if ARGV[12] ~= '' then redis.call('PUBLISH', ARGV[11], ARGV[12]) end
    return {'created'}
    """#)

    /// Appends records if the caller still holds the fencing token, updates the record and the
    /// lease (renewed while running, dropped at the end). ARGV: token, owner, lease ms, state,
    /// steps, context, now (s), channel, event, saga id, records… Empty steps and context leave
    /// the stored view as it is (a running saga's view is derived from its log).
    /// With the kind's index keys after the saga's (KEYS: record, log, lease, all, due, from-state,
    /// to-state; one Redis server only) the saga also moves between state indexes and leaves the
    /// due index, as ``indexMove`` does: the final append of a saga is then its only write.
    /// → `{ok}` | `{fenced, current token}`.
    static let append = RedisScript(#"""
    local t = redis.call('HGET', KEYS[1], 'token')
    if t ~= ARGV[1] then return {'fenced', t or ''} end
    for i = 11, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
    if ARGV[5] == '' then
      redis.call('HSET', KEYS[1], 'state', ARGV[4], 'updated_at', ARGV[7])
    else
      redis.call('HSET', KEYS[1], 'state', ARGV[4], 'steps', ARGV[5], 'context', ARGV[6], 'updated_at', ARGV[7])
    end
    if ARGV[4] == 'running' then
      redis.call('SET', KEYS[3], ARGV[2] .. ':' .. ARGV[1], 'PX', ARGV[3])
    else
      redis.call('DEL', KEYS[3])
    end
    if #KEYS == 7 then
      local created = redis.call('ZSCORE', KEYS[4], ARGV[10])
      if created then
        redis.call('ZREM', KEYS[6], ARGV[10])
        redis.call('ZADD', KEYS[7], created, ARGV[10])
        redis.call('ZREM', KEYS[5], ARGV[10])
      end
    end
    if ARGV[9] ~= '' then redis.call('PUBLISH', ARGV[8], ARGV[9]) end
    return {'ok'}
    """#)

    /// Extends the lease if the caller still holds the fencing token and the saga runs.
    /// ARGV: token, owner, lease ms. → `ok` | `fenced`.
    static let renew = RedisScript(#"""
    local r = redis.call('HMGET', KEYS[1], 'token', 'state')
    if r[1] ~= ARGV[1] or r[2] ~= 'running' then return 'fenced' end
    redis.call('SET', KEYS[3], ARGV[2] .. ':' .. ARGV[1], 'PX', ARGV[3])
    return 'ok'
    """#)

    /// Takes over a running saga whose lease lapsed: a new token fences the old owner out.
    /// ARGV: owner, lease ms.
    /// → `{missing}` | `{terminal, state}` | `{held, pttl}` | `{adopted, token, input, trace_id, created_at, log…}`.
    static let adopt = RedisScript(#"""
    local r = redis.call('HMGET', KEYS[1], 'state', 'input', 'trace_id', 'created_at')
    if not r[1] then return {'missing'} end
    if r[1] ~= 'running' then return {'terminal', r[1]} end
    local ttl = redis.call('PTTL', KEYS[3])
    if ttl > 0 or ttl == -1 then return {'held', tostring(ttl)} end
    local token = redis.call('HINCRBY', KEYS[1], 'token', 1)
    redis.call('HSET', KEYS[1], 'owner', ARGV[1])
    redis.call('SET', KEYS[3], ARGV[1] .. ':' .. token, 'PX', ARGV[2])
    local out = {'adopted', tostring(token), r[2], r[3] or '', r[4] or '0'}
    for _, record in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do out[#out + 1] = record end
    return out
    """#)

    /// An operator's re-drive of a `failed_compensation` saga: marks a new compensation round
    /// and takes ownership. ARGV: owner, lease ms, recovery record, now (s), channel, event.
    /// → `{missing}` | `{invalid, state}` | `{adopted, token, input, trace_id, created_at, log…}`.
    static let recover = RedisScript(#"""
    local r = redis.call('HMGET', KEYS[1], 'state', 'input', 'trace_id', 'created_at')
    if not r[1] then return {'missing'} end
    if r[1] ~= 'failed_compensation' then return {'invalid', r[1]} end
    local token = redis.call('HINCRBY', KEYS[1], 'token', 1)
    redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'state', 'running', 'updated_at', ARGV[4])
    redis.call('RPUSH', KEYS[2], ARGV[3])
    redis.call('SET', KEYS[3], ARGV[1] .. ':' .. token, 'PX', ARGV[2])
    if ARGV[6] ~= '' then redis.call('PUBLISH', ARGV[5], ARGV[6]) end
    local out = {'adopted', tostring(token), r[2], r[3] or '', r[4] or '0'}
    for _, record in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do out[#out + 1] = record end
    return out
    """#)

    /// Adds a new saga to the indexes (idempotent). KEYS: all, due, running. ARGV: saga id,
    /// created (ms), lease due (ms).
    static let indexAdd = RedisScript(#"""
    redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[1])
    redis.call('ZADD', KEYS[2], 'NX', ARGV[3], ARGV[1])
    redis.call('ZADD', KEYS[3], 'NX', ARGV[2], ARGV[1])
    return 1
    """#)

    /// Moves a saga between state indexes and in or out of the due index. KEYS: all, due,
    /// from-state, to-state. ARGV: saga id, due (ms) or '' to leave the due index.
    static let indexMove = RedisScript(#"""
    local created = redis.call('ZSCORE', KEYS[1], ARGV[1])
    if not created then return 0 end
    redis.call('ZREM', KEYS[3], ARGV[1])
    redis.call('ZADD', KEYS[4], created, ARGV[1])
    if ARGV[2] == '' then redis.call('ZREM', KEYS[2], ARGV[1]) else redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1]) end
    return 1
    """#)
}
