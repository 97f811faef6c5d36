import TillRedis

/// Scripts on one reservation record (`till:{res:<id>}:reservation`, a single slot).
///
/// States: `pending` (claimed; a one-slot reservation stays here once held, because its hold is
/// atomic and replayable), `reserved` (a multi-slot reservation whose every slot is held),
/// `committing`, `committed`, `released`. Terminal records expire; live ones do not, because
/// stock is held on their behalf.
enum ReservationScripts {
    /// Claims the reservation for `items`. KEYS[1] record. ARGV items, slot groups, now (ms), lease (ms).
    /// → `{proceed}` | `{released}` | `{conflict}` | `{busy}` | `{done, result}`.
    ///
    /// A multi-slot reservation takes a lease so that a concurrent duplicate cannot roll back the
    /// holds of the first; a one-slot one needs none (its hold script is idempotent).
    static let claimFunction = #"""
    local function claim()
      local r = redis.call('HMGET', KEYS[1], 'state', 'items', 'lease', 'result')
      local multi = tonumber(ARGV[2]) > 1
      if not r[1] then
        redis.call('HSET', KEYS[1], 'state', 'pending', 'items', ARGV[1], 'groups', ARGV[2])
        if multi then redis.call('HSET', KEYS[1], 'lease', tonumber(ARGV[3]) + tonumber(ARGV[4])) end
        return {'proceed'}
      end
      if r[1] == 'released' then return {'released'} end
      if r[2] ~= ARGV[1] then return {'conflict'} end
      if r[4] then return {'done', r[4]} end
      if multi then
        if r[1] ~= 'pending' then return {'released'} end
        if r[3] and tonumber(r[3]) > tonumber(ARGV[3]) then return {'busy'} end
        redis.call('HSET', KEYS[1], 'lease', tonumber(ARGV[3]) + tonumber(ARGV[4]))
      end
      return {'proceed'}
    end
    """#

    /// ``claimFunction`` on its own (one slot: the record's).
    static let claim = RedisScript(claimFunction + "\nreturn claim()\n")

    /// A one-slot reservation in one script: the claim, then, if it proceeds, the hold.
    /// KEYS[1] record, KEYS[2…] as ``StockScripts/hold``. ARGV[1…4] as ``claim``, ARGV[5…] as
    /// ``StockScripts/hold``. → a reply of ``claim`` other than `proceed`, or the hold's reply.
    ///
    /// Its keys are in two slots (the record's and the sku's), which one Redis server runs as one
    /// atomic script; for Redis Cluster, ``InventoryStore/SlotPolicy/perSlot`` runs the two
    /// scripts one after the other instead.
    static let claimAndHold = RedisScript(
        [
            claimFunction,
            StockScripts.holdFunction,
            "local claimed = claim()",
            "if claimed[1] ~= 'proceed' then return claimed end",
            "return hold(1, 4)\n",
        ].joined(separator: "\n")
    )

    /// Marks a multi-slot reservation held. KEYS[1] record. ARGV result JSON, channel, event.
    /// → the state found (`pending` means it is now `reserved`).
    static let finalize = RedisScript(#"""
    local state = redis.call('HGET', KEYS[1], 'state')
    if state ~= 'pending' then return state or 'missing' end
    redis.call('HSET', KEYS[1], 'state', 'reserved', 'result', ARGV[1])
    redis.call('HDEL', KEYS[1], 'lease')
    redis.call('PUBLISH', ARGV[2], ARGV[3])
    return 'pending'
    """#)

    /// Gives up a multi-slot attempt's lease so a retry may run at once. KEYS[1] record.
    static let abandon = RedisScript(#"""
    if redis.call('HGET', KEYS[1], 'state') == 'pending' then redis.call('HDEL', KEYS[1], 'lease') end
    return 'ok'
    """#)

    /// Marks the reservation released, or leaves a tombstone when it has not arrived yet.
    /// KEYS[1] record. ARGV TTL (s), channel, event. → `{committed}` | `{released, items}`.
    static let release = RedisScript(#"""
    local r = redis.call('HMGET', KEYS[1], 'state', 'items')
    if r[1] == 'committing' or r[1] == 'committed' then return {'committed'} end
    if r[1] ~= 'released' then
      redis.call('HSET', KEYS[1], 'state', 'released')
      redis.call('HDEL', KEYS[1], 'lease')
      redis.call('EXPIRE', KEYS[1], ARGV[1])
      redis.call('PUBLISH', ARGV[2], ARGV[3])
    end
    return {'released', r[2] or ''}
    """#)

    /// Starts a commit; `committing` blocks a concurrent release. KEYS[1] record.
    /// → `{not_found}` | `{released}` | `{not_held}` | `{committed, items}` | `{committing, items, previous}`.
    static let beginCommit = RedisScript(#"""
    local r = redis.call('HMGET', KEYS[1], 'state', 'items', 'groups')
    if not r[1] then return {'not_found'} end
    if r[1] == 'released' then return {'released'} end
    if r[1] == 'committed' then return {'committed', r[2]} end
    if r[1] == 'pending' and tonumber(r[3]) > 1 then return {'not_held'} end
    redis.call('HSET', KEYS[1], 'state', 'committing')
    return {'committing', r[2], r[1]}
    """#)

    /// Undoes ``beginCommit`` when the stock turned out not to be held. KEYS[1] record. ARGV previous state.
    static let revertCommit = RedisScript(#"""
    if redis.call('HGET', KEYS[1], 'state') == 'committing' then redis.call('HSET', KEYS[1], 'state', ARGV[1]) end
    return 'ok'
    """#)

    /// Completes a commit. KEYS[1] record. ARGV TTL (s), channel, event.
    static let finishCommit = RedisScript(#"""
    if redis.call('HGET', KEYS[1], 'state') == 'committing' then
      redis.call('HSET', KEYS[1], 'state', 'committed')
      redis.call('EXPIRE', KEYS[1], ARGV[1])
      redis.call('PUBLISH', ARGV[2], ARGV[3])
    end
    return 'ok'
    """#)
}
