import TillRedis

/// The Lua scripts of ``PaymentLedger``: every state change of a payment is one atomic script on
/// its two keys (`KEYS[1]` the record hash, `KEYS[2]` the history list), which checks the state
/// it moves from, appends `{"state","at","source"}` to the history and publishes the event, so
/// that an API call and a gateway webhook racing each other are both accepted in either order.
///
/// Record fields: `state`, `params` (idempotency hash of the authorize params), `order`, `amount`,
/// `currency`, `auth` (authorization id), `fraud` (the assessment JSON), `captured`, `refunded`,
/// `refund:<id>` (one per refund, so a refund reported twice counts once), `error_code`,
/// `error_message` (a failed authorization's answer, replayed), `owner` and `lease` (while an
/// authorization is at the gateway), `reached` (`1` once the gateway was asked; `0` when the
/// resolver learnt it never received the request), `created` and `updated` (Unix s).
enum LedgerScripts {
    /// `moved(state, at, source)`: sets the state and appends the history entry.
    private static let prelude = #"""
        local function moved(state, at, source)
          redis.call('HSET', KEYS[1], 'state', state, 'updated', at)
          redis.call('RPUSH', KEYS[2], '{"state":"' .. state .. '","at":' .. at .. ',"source":"' .. source .. '"}')
        end
        local function int(number) return string.format('%d', number) end

        """#

    /// Claims a payment for an authorization attempt.
    ///
    /// ARGV params hash, order, amount, currency, owner, now (ms), lease (ms), now (s), source.
    /// → `{proceed}` | `{busy}` (another attempt is at the gateway) | `{conflict}` | `{voided, code, message}`
    /// (a void came first, or the authorization was voided) | `{failed, code, message}` |
    /// `{unknown}` | `{void_requested}` | `{authorized, auth, fraud}` (authorized before).
    static let begin = RedisScript(prelude + #"""
        local r = redis.call('HMGET', KEYS[1], 'state', 'params', 'lease', 'auth', 'fraud', 'error_code', 'error_message', 'updated')
        local state = r[1]
        local lease = int(tonumber(ARGV[6]) + tonumber(ARGV[7]))
        if not state then
          redis.call('HSET', KEYS[1], 'params', ARGV[1], 'order', ARGV[2], 'amount', ARGV[3], 'currency', ARGV[4],
            'owner', ARGV[5], 'lease', lease, 'captured', 0, 'refunded', 0, 'created', ARGV[8])
          moved('pending', ARGV[8], ARGV[9])
          return {'proceed'}
        end
        if state == 'voided' and not r[2] then return {'voided', '', ''} end
        if r[2] ~= ARGV[1] then return {'conflict'} end
        if state == 'pending' then
          if tonumber(r[3] or '0') > tonumber(ARGV[6]) then return {'busy'} end
          redis.call('HSET', KEYS[1], 'owner', ARGV[5], 'lease', lease)
          return {'proceed'}
        end
        if state == 'failed' then
          -- An attempt that never reached the gateway may be made again.
          if r[6] == 'unavailable' then
            redis.call('HSET', KEYS[1], 'owner', ARGV[5], 'lease', lease)
            redis.call('HDEL', KEYS[1], 'error_code', 'error_message')
            moved('pending', ARGV[8], ARGV[9])
            return {'proceed'}
          end
          return {'failed', r[6] or 'internal', r[7] or ''}
        end
        if state == 'voided' then return {'voided', r[6] or '', r[7] or ''} end
        if state == 'unknown' or state == 'void_requested' then return {state} end
        return {'authorized', r[4] or '', r[5] or ''}
        """#)

    /// Records the gateway's answer to an authorization attempt, if `owner` still holds it.
    ///
    /// ARGV owner, outcome (`authorized`, `failed`, `unknown`, `voided`, `void_requested`), auth
    /// id, fraud JSON, error code, error message, now (s), source, channel, event, reached (`1`
    /// when the gateway was asked: only such payments are reconciled against its report).
    /// → `{ok}` | `{void_requested}` (a void came while the gateway worked: the caller voids an
    /// authorization, the resolver settles an unknown one) | `{lost, state}`.
    static let settle = RedisScript(prelude + #"""
        local r = redis.call('HMGET', KEYS[1], 'state', 'owner')
        if r[2] ~= ARGV[1] then return {'lost', r[1] or ''} end
        local outcome = ARGV[2]
        redis.call('HDEL', KEYS[1], 'owner', 'lease')
        -- Another source (the resolver after a lapsed lease) settled it meanwhile: its word stands.
        if r[1] ~= 'pending' and r[1] ~= 'void_requested' then return {'lost', r[1]} end
        if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'auth', ARGV[3]) end
        if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'fraud', ARGV[4]) end
        if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'error_code', ARGV[5], 'error_message', ARGV[6]) end
        if ARGV[11] == '1' then redis.call('HSET', KEYS[1], 'reached', '1') end
        if r[1] == 'void_requested' and (outcome == 'authorized' or outcome == 'unknown') then
          return {'void_requested'}
        end
        moved(outcome, ARGV[7], ARGV[8])
        if ARGV[9] ~= '' then redis.call('PUBLISH', ARGV[9], ARGV[10]) end
        return {'ok'}
        """#)

    /// Gives up an attempt that never reached the gateway (rate limited, circuit open, a store
    /// down), if `owner` still holds it: a first attempt leaves nothing behind, a later one
    /// `failed` with `unavailable` (which ``begin`` lets the next attempt take over); a void that
    /// came meanwhile is complete (`voided`).
    ///
    /// ARGV owner, now (s), source. → `abandoned` | `voided` | the state found.
    static let abandon = RedisScript(prelude + #"""
        local r = redis.call('HMGET', KEYS[1], 'state', 'owner')
        if r[2] ~= ARGV[1] then return r[1] or '' end
        redis.call('HDEL', KEYS[1], 'owner', 'lease')
        if r[1] == 'void_requested' then
          moved('voided', ARGV[2], ARGV[3])
          return 'voided'
        end
        if redis.call('LLEN', KEYS[2]) <= 1 then
          redis.call('DEL', KEYS[1], KEYS[2])
          return 'abandoned'
        end
        redis.call('HSET', KEYS[1], 'error_code', 'unavailable', 'error_message', 'the gateway was not reached')
        moved('failed', ARGV[2], ARGV[3])
        return 'abandoned'
        """#)

    /// The first step of a void: leaves a tombstone when the payment is unknown here (a late
    /// authorization is then refused), or records `void_requested` while the authorization is at
    /// the gateway or its outcome is unknown.
    ///
    /// ARGV now (s), source, tombstone TTL (s), channel, event (`payment.voided`).
    /// → `{tombstone}` | `{void_requested}` | `{<state>, auth}` for any other state.
    static let requestVoid = RedisScript(prelude + #"""
        local r = redis.call('HMGET', KEYS[1], 'state', 'auth')
        local state = r[1]
        if not state then
          moved('voided', ARGV[1], ARGV[2])
          redis.call('EXPIRE', KEYS[1], ARGV[3])
          redis.call('EXPIRE', KEYS[2], ARGV[3])
          redis.call('PUBLISH', ARGV[4], ARGV[5])
          return {'tombstone'}
        end
        if state == 'pending' or state == 'unknown' then
          moved('void_requested', ARGV[1], ARGV[2])
          return {'void_requested'}
        end
        return {state, r[2] or ''}
        """#)

    /// Moves the payment to ARGV[2] if its state is one of ARGV[1] (`,a,b,`), setting the field
    /// pairs from ARGV[7] on.
    ///
    /// ARGV from-states, to-state, now (s), source, channel, event, field, value, ….
    /// → `{ok}` | `{same}` (already there) | `{refused, state}` | `{missing}`.
    static let transition = RedisScript(prelude + #"""
        local state = redis.call('HGET', KEYS[1], 'state')
        if not state then return {'missing'} end
        if state == ARGV[2] then return {'same'} end
        if not string.find(ARGV[1], ',' .. state .. ',', 1, true) then return {'refused', state} end
        for i = 7, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
        moved(ARGV[2], ARGV[3], ARGV[4])
        if ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[5], ARGV[6]) end
        return {'ok'}
        """#)

    /// Records a capture of ARGV[1] minor units from one of the states ARGV[6] (`,a,b,`). A payment
    /// already captured with the same amount is accepted (the webhook or the call came first).
    ///
    /// ARGV amount, now (s), source, channel, event, from-states.
    /// → `{ok}` | `{same}` | `{refused, state}` | `{exceeds, authorized amount}` | `{missing}`.
    static let capture = RedisScript(prelude + #"""
        local r = redis.call('HMGET', KEYS[1], 'state', 'captured', 'amount')
        local state = r[1]
        if not state then return {'missing'} end
        if state == 'captured' or state == 'partially_refunded' or state == 'refunded' then
          if tonumber(r[2]) == tonumber(ARGV[1]) then return {'same'} end
          return {'refused', state}
        end
        if not string.find(ARGV[6], ',' .. state .. ',', 1, true) then return {'refused', state} end
        if tonumber(ARGV[1]) > tonumber(r[3]) then return {'exceeds', r[3]} end
        redis.call('HSET', KEYS[1], 'captured', ARGV[1])
        moved('captured', ARGV[2], ARGV[3])
        if ARGV[4] ~= '' then redis.call('PUBLISH', ARGV[4], ARGV[5]) end
        return {'ok'}
        """#)

    /// Records refund ARGV[1] of ARGV[2] minor units, once per refund id.
    ///
    /// ARGV refund id, amount, now (s), source, channel, event.
    /// → `{ok, state, refunded}` | `{same, state, refunded}` | `{refused, state}` |
    /// `{exceeds, state, refunded}` | `{missing}`.
    static let refund = RedisScript(prelude + #"""
        local r = redis.call('HMGET', KEYS[1], 'state', 'captured', 'refunded')
        local state = r[1]
        if not state then return {'missing'} end
        if redis.call('HEXISTS', KEYS[1], 'refund:' .. ARGV[1]) == 1 then return {'same', state, r[3]} end
        if state ~= 'captured' and state ~= 'partially_refunded' then return {'refused', state} end
        local total = tonumber(r[3]) + tonumber(ARGV[2])
        if total > tonumber(r[2]) then return {'exceeds', state, r[3]} end
        local next = 'partially_refunded'
        if total == tonumber(r[2]) then next = 'refunded' end
        redis.call('HSET', KEYS[1], 'refunded', int(total), 'refund:' .. ARGV[1], ARGV[2])
        moved(next, ARGV[3], ARGV[4])
        if ARGV[5] ~= '' then redis.call('PUBLISH', ARGV[5], ARGV[6]) end
        return {'ok', next, int(total)}
        """#)
}
