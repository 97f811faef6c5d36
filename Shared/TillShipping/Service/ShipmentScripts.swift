import TillRedis

/// Scripts on one shipment record, `till:{shp:<id>}:shipment` (one slot).
///
/// States: `creating` (claimed; the carrier is being asked, under a lease), `created`,
/// `cancelled` (also a tombstone left by a cancel that arrived first), `dispatched`.
enum ShipmentScripts {
    /// KEYS[1] record. ARGV params hash, now (ms), lease (ms), owner token.
    /// → `{proceed}` | `{cancelled}` | `{conflict}` | `{busy}` | `{created, carrier, tracking}` | `{dispatched}`.
    static let claim = RedisScript(#"""
    local r = redis.call('HMGET', KEYS[1], 'state', 'params', 'lease', 'carrier', 'tracking')
    if r[1] == 'cancelled' then return {'cancelled'} end
    if r[1] and r[2] ~= ARGV[1] then return {'conflict'} end
    if r[1] == 'created' or r[1] == 'dispatched' then return {'created', r[4], r[5]} end
    if r[1] == 'creating' and tonumber(r[3]) > tonumber(ARGV[2]) then return {'busy'} end
    redis.call('HSET', KEYS[1], 'state', 'creating', 'params', ARGV[1],
        'lease', tonumber(ARGV[2]) + tonumber(ARGV[3]), 'owner', ARGV[4])
    return {'proceed'}
    """#)

    /// Records the label if this request still owns the claim and no cancel came in between.
    /// KEYS[1] record. ARGV owner, carrier, tracking, channel, event. → the state found.
    static let complete = RedisScript(#"""
    local r = redis.call('HMGET', KEYS[1], 'state', 'owner')
    if r[1] ~= 'creating' or r[2] ~= ARGV[1] then return r[1] or 'missing' end
    redis.call('HSET', KEYS[1], 'state', 'created', 'carrier', ARGV[2], 'tracking', ARGV[3])
    redis.call('HDEL', KEYS[1], 'lease', 'owner')
    redis.call('PUBLISH', ARGV[4], ARGV[5])
    return 'creating'
    """#)

    /// Drops a claim whose carrier call failed, so that a retry starts afresh. KEYS[1] record. ARGV owner.
    static let abandon = RedisScript(#"""
    local r = redis.call('HMGET', KEYS[1], 'state', 'owner')
    if r[1] == 'creating' and r[2] == ARGV[1] then redis.call('DEL', KEYS[1]) end
    return 'ok'
    """#)

    /// Cancels, or leaves a tombstone that refuses a late create. KEYS[1] record.
    /// ARGV TTL (s), channel, event. → `{dispatched}` | `{cancelled, tracking}`.
    static let cancel = RedisScript(#"""
    local r = redis.call('HMGET', KEYS[1], 'state', 'tracking')
    if r[1] == 'dispatched' then return {'dispatched'} end
    if r[1] ~= 'cancelled' then
      redis.call('HSET', KEYS[1], 'state', 'cancelled')
      redis.call('HDEL', KEYS[1], 'lease', 'owner')
      redis.call('EXPIRE', KEYS[1], ARGV[1])
      redis.call('PUBLISH', ARGV[2], ARGV[3])
    end
    return {'cancelled', r[2] or ''}
    """#)
}
