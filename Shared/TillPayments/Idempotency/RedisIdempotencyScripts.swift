import TillRedis
import TillResilience

/// The Lua scripts of ``RedisIdempotencyStore``; each operation is one atomic `EVALSHA`.
///
/// Records are the JSON objects of ``IdempotencyRecord`` (`IdempotencyRecord+Codable.swift`).
/// Scripts read them with `cjson` but never re-encode a stored `result` or `error`: `cjson` would
/// round large integers (amounts, ids) through doubles. A finished record is built by splicing the
/// caller's already-encoded payload into the object instead.
enum RedisIdempotencyScripts {
    /// Helpers shared by every script: the clock, the in-flight record, and the owner check.
    private static let prelude = SharedClock.luaNowFunction + """
        local function now_ms(argument)
          return math.floor(now_us(argument) / 1000)
        end

        local function in_flight_record(params_hash, owner, lease_until)
          return '{"v":1,"state":"in_flight","params_hash":' .. cjson.encode(params_hash) ..
            ',"owner":' .. cjson.encode(owner) .. ',"lease_until_ms":' .. string.format('%d', lease_until) .. '}'
        end

        -- The decoded record if it is in flight and held by `owner`, else nil.
        local function owned(stored, owner)
          if not stored then return nil end
          local ok, record = pcall(cjson.decode, stored)
          if not ok or type(record) ~= 'table' then return nil end
          if record.state ~= 'in_flight' or record.owner ~= owner then return nil end
          return record
        end

        """

    /// Claims the key or reports what holds it — `IdempotencyRecord.resolve` in Lua, including
    /// the takeover of a lapsed lease, all in one atomic step.
    ///
    /// `KEYS[1]` the record; `ARGV` clock, params hash, owner, lease (ms), record TTL (s).
    /// Returns `{'claimed'}`, `{'taken_over'}`, `{'in_progress'}`, `{'conflict'}`, or
    /// `{'finished', stored record}`.
    static let claim = RedisScript(
        prelude + """
            local params_hash = ARGV[2]
            local now = now_ms(ARGV[1])
            local record = in_flight_record(params_hash, ARGV[3], now + tonumber(ARGV[4]))
            if redis.call('SET', KEYS[1], record, 'NX', 'EX', ARGV[5]) then
              return {'claimed'}
            end
            local stored = redis.call('GET', KEYS[1])
            local ok, current = pcall(cjson.decode, stored)
            if not ok or type(current) ~= 'table' then
              return redis.error_reply('TILLCORRUPT idempotency record is not a JSON object')
            end
            if current.params_hash ~= params_hash then
              return {'conflict'}
            end
            if current.state == 'in_flight' then
              if tonumber(current.lease_until_ms) > now then
                return {'in_progress'}
              end
              redis.call('SET', KEYS[1], record, 'EX', ARGV[5])
              return {'taken_over'}
            end
            return {'finished', stored}
            """
    )

    /// Stores the outcome if `owner` still holds the claim (fencing a stale owner out).
    ///
    /// `KEYS[1]` the record; `ARGV` owner, `completed` or `failed`, the outcome's JSON, record
    /// TTL (s). Returns 1 if stored, 0 if the claim was lost.
    static let complete = RedisScript(
        prelude + """
            local current = owned(redis.call('GET', KEYS[1]), ARGV[1])
            if not current then return 0 end
            local field = 'error'
            if ARGV[2] == 'completed' then field = 'result' end
            redis.call('SET', KEYS[1],
              '{"v":1,"state":' .. cjson.encode(ARGV[2]) .. ',"params_hash":' .. cjson.encode(current.params_hash) ..
              ',"' .. field .. '":' .. ARGV[3] .. '}',
              'EX', ARGV[4])
            return 1
            """
    )

    /// Deletes the claim if `owner` still holds it. `KEYS[1]` the record; `ARGV` owner.
    /// Returns 1 if deleted, 0 if the claim was lost.
    static let release = RedisScript(
        prelude + """
            if not owned(redis.call('GET', KEYS[1]), ARGV[1]) then return 0 end
            redis.call('DEL', KEYS[1])
            return 1
            """
    )

    /// Extends the lease if `owner` still holds the claim, keeping the record's TTL.
    /// `KEYS[1]` the record; `ARGV` clock, owner, lease (ms). Returns 1 if renewed, else 0.
    static let renew = RedisScript(
        prelude + """
            local current = owned(redis.call('GET', KEYS[1]), ARGV[2])
            if not current then return 0 end
            local record = in_flight_record(current.params_hash, ARGV[2], now_ms(ARGV[1]) + tonumber(ARGV[3]))
            redis.call('SET', KEYS[1], record, 'KEEPTTL')
            return 1
            """
    )
}
