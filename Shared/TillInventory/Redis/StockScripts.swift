import TillRedis

/// Scripts that touch one sku slot: every key of a call shares the hash tag of one slot.
///
/// Hold values: `held:<qty>:<amount>:<currency>` while stock is held, `committed:<qty>:…` once it
/// left `on_hand`, `released` once released (also written before a late hold, which it refuses).
/// Lua numbers are doubles; validation keeps every count far below 2^53, and prices are carried
/// as strings, never as numbers.
enum StockScripts {
    /// KEYS[1] stock. ARGV on_hand, amount, currency → `{ok|below, reserved}`.
    static let set = RedisScript(#"""
    local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
    if tonumber(ARGV[1]) < reserved then return {'below', tostring(reserved)} end
    redis.call('HSET', KEYS[1], 'on_hand', ARGV[1], 'reserved', tostring(reserved),
        'amount', ARGV[2], 'currency', ARGV[3])
    return {'ok', tostring(reserved)}
    """#)

    /// Holds every item of one slot, all or none: `hold(k, a)` reads its keys from `KEYS[k + 1…]`
    /// and its arguments from `ARGV[a + 1…]`, so that ``ReservationScripts/claimAndHold`` can
    /// put the record's key and arguments first.
    ///
    /// KEYS[k+1..k+n] stock, KEYS[k+n+1..k+2n] holds. ARGV[a+1] n, ARGV[a+2] event prefix (`''`:
    /// publish nothing), ARGV[a+3] channel, ARGV[a+4..a+3+n] quantities, ARGV[a+4+n..a+3+2n] skus
    /// as JSON strings. → `{ok, amount1, currency1, …}` | `{released}` | `{conflict}` |
    /// `{not_found, i}` | `{insufficient, i, available}`. A hold already in place (a replay) is
    /// reported, not repeated.
    static let holdFunction = #"""
    local function hold(k, a)
      local n = tonumber(ARGV[a + 1])
      local prices, fresh = {}, {}
      for i = 1, n do
        local q = tonumber(ARGV[a + 3 + i])
        local h = redis.call('GET', KEYS[k + n + i])
        if h == 'released' then return {'released'} end
        if h then
          local hq, amount, currency = string.match(h, '^%a+:(%d+):(%d+):(%u+)$')
          if tonumber(hq) ~= q then return {'conflict'} end
          prices[i] = {amount, currency}
        else
          local s = redis.call('HMGET', KEYS[k + i], 'on_hand', 'reserved', 'amount', 'currency')
          if not s[1] then return {'not_found', tostring(i)} end
          local available = tonumber(s[1]) - tonumber(s[2])
          if available < q then return {'insufficient', tostring(i), tostring(available)} end
          prices[i] = {s[3], s[4]}
          fresh[i] = true
        end
      end
      local reply, lines, placed = {'ok'}, {}, false
      for i = 1, n do
        local q = ARGV[a + 3 + i]
        if fresh[i] then
          redis.call('HINCRBY', KEYS[k + i], 'reserved', q)
          redis.call('SET', KEYS[k + n + i], 'held:' .. q .. ':' .. prices[i][1] .. ':' .. prices[i][2])
          placed = true
        end
        reply[#reply + 1] = prices[i][1]
        reply[#reply + 1] = prices[i][2]
        lines[i] = '{"sku":' .. ARGV[a + 3 + n + i] .. ',"quantity":' .. q .. ',"unit_price":{"amount":'
          .. prices[i][1] .. ',"currency":"' .. prices[i][2] .. '"}}'
      end
      if placed and ARGV[a + 2] ~= '' then
        redis.call('PUBLISH', ARGV[a + 3], ARGV[a + 2] .. '"items":[' .. table.concat(lines, ',') .. ']}')
      end
      return reply
    end
    """#

    /// ``holdFunction`` on its own.
    static let hold = RedisScript(holdFunction + "\nreturn hold(0, 0)\n")

    /// Undoes this request's holds after a later slot failed; markers left by a release stay.
    /// KEYS[1..n] stock, KEYS[n+1..2n] holds. ARGV[1] n.
    static let rollback = RedisScript(#"""
    local n = tonumber(ARGV[1])
    for i = 1, n do
      local q = string.match(redis.call('GET', KEYS[n + i]) or '', '^held:(%d+):')
      if q then
        redis.call('HINCRBY', KEYS[i], 'reserved', '-' .. q)
        redis.call('DEL', KEYS[n + i])
      end
    end
    return 'ok'
    """#)

    /// Returns held stock and leaves a `released` marker, also where nothing is held yet, so that
    /// a late hold is refused. KEYS as ``hold``. ARGV[1] n, ARGV[2] marker TTL (s).
    static let release = RedisScript(#"""
    local n = tonumber(ARGV[1])
    for i = 1, n do
      local h = redis.call('GET', KEYS[n + i])
      local q = string.match(h or '', '^held:(%d+):')
      if q then redis.call('HINCRBY', KEYS[i], 'reserved', '-' .. q) end
      if q or not h then redis.call('SET', KEYS[n + i], 'released', 'EX', ARGV[2]) end
    end
    return 'ok'
    """#)

    /// Moves every hold of one slot out of `on_hand`, all or none. KEYS as ``hold``.
    /// ARGV[1] n, ARGV[2] marker TTL (s). → `{ok}` | `{not_held, i}`.
    static let commit = RedisScript(#"""
    local n = tonumber(ARGV[1])
    local holds = {}
    for i = 1, n do
      holds[i] = redis.call('GET', KEYS[n + i])
      if not holds[i] or holds[i] == 'released' then return {'not_held', tostring(i)} end
    end
    for i = 1, n do
      local q, rest = string.match(holds[i], '^held:(%d+):(.*)$')
      if q then
        redis.call('HINCRBY', KEYS[i], 'on_hand', '-' .. q)
        redis.call('HINCRBY', KEYS[i], 'reserved', '-' .. q)
        redis.call('SET', KEYS[n + i], 'committed:' .. q .. ':' .. rest, 'EX', ARGV[2])
      end
    end
    return {'ok'}
    """#)
}
