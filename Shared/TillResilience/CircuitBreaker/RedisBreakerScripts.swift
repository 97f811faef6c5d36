import TillRedis

/// The Lua scripts of ``RedisCircuitBreakerStore``: ``BreakerStateMachine`` transcribed line by
/// line, one script per operation, so that each operation is one atomic round trip.
///
/// A breaker is one hash with the fields of ``BreakerSnapshot``: `state` (`closed`, `open`,
/// `half_open`), `failures`, `opened_at`, `probe_lease_until` (Unix ms) and `generation`. A
/// missing hash or field is ``BreakerSnapshot/initial``. Nothing is written when nothing changes,
/// so the hot path — acquiring a closed breaker and recording a success after a success — only
/// reads.
enum RedisBreakerScripts {
    /// Reads the stored fields into locals (the defaults are those of `BreakerSnapshot.initial`).
    private static let load = """
        local fields = redis.call('HMGET', KEYS[1], 'state', 'failures', 'opened_at', 'probe_lease_until', 'generation')
        local state = fields[1] or 'closed'
        local failures = tonumber(fields[2] or '0')
        local opened_at = tonumber(fields[3] or '0')
        local probe_lease_until = tonumber(fields[4] or '0')
        local generation = tonumber(fields[5] or '0')
        -- Numbers are written as integers, never in a float notation Redis might choose.
        local function int(number) return string.format('%d', number) end

        """

    /// `BreakerStateMachine.acquire(now:)`.
    ///
    /// `KEYS[1]` the breaker; `ARGV` clock, recovery timeout (ms), probe timeout (ms).
    /// Returns `{admission, value, is_probe, state, from, success_is_no_op}`: admission `admitted`
    /// (value: the permit's generation) or `rejected` (value: retry after, ms); `state` after the
    /// call; `from` the state left if this call changed it, else `''`; `success_is_no_op` 1 when
    /// the breaker is closed with no failures counted (recording a success would write nothing).
    static let acquire = RedisScript(
        SharedClock.luaNowFunction + load + """
            local recovery_timeout = tonumber(ARGV[2])
            local probe_timeout = tonumber(ARGV[3])

            if state == 'closed' then
              return {'admitted', generation, 0, 'closed', '', failures == 0 and 1 or 0}
            end
            local now = math.floor(now_us(ARGV[1]) / 1000)
            if state == 'open' then
              local reopens_at = opened_at + recovery_timeout
              if now < reopens_at then
                return {'rejected', reopens_at - now, 0, 'open', ''}
              end
              generation = generation + 1
              redis.call('HSET', KEYS[1], 'state', 'half_open', 'generation', int(generation),
                'probe_lease_until', int(now + probe_timeout))
              return {'admitted', generation, 1, 'half_open', 'open'}
            end
            -- half_open: one probe at a time; a probe silent past its lease is presumed lost.
            if probe_lease_until > now then
              return {'rejected', probe_lease_until - now, 0, 'half_open', ''}
            end
            generation = generation + 1
            redis.call('HSET', KEYS[1], 'generation', int(generation), 'probe_lease_until', int(now + probe_timeout))
            return {'admitted', generation, 1, 'half_open', ''}
            """
    )

    /// `BreakerStateMachine.record(_:permit:now:)`.
    ///
    /// `KEYS[1]` the breaker; `ARGV` clock, outcome (`success`, `failure`, `abandoned`), the
    /// permit's generation, failure threshold. Returns `{state, from}` as ``acquire`` does.
    static let record = RedisScript(
        SharedClock.luaNowFunction + load + """
            local outcome = ARGV[2]
            local threshold = tonumber(ARGV[4])

            local function open()
              redis.call('HSET', KEYS[1], 'state', 'open', 'opened_at', int(math.floor(now_us(ARGV[1]) / 1000)),
                'failures', 0, 'probe_lease_until', 0, 'generation', int(generation + 1))
            end

            -- An outcome from before the breaker moved on says nothing about its present.
            if tonumber(ARGV[3]) ~= generation then
              return {state, ''}
            end
            if state == 'closed' then
              if outcome == 'success' then
                if failures ~= 0 then redis.call('HSET', KEYS[1], 'failures', 0) end
                return {'closed', ''}
              elseif outcome == 'failure' then
                failures = failures + 1
                if failures < threshold then
                  redis.call('HSET', KEYS[1], 'failures', int(failures))
                  return {'closed', ''}
                end
                open()
                return {'open', 'closed'}
              end
              return {'closed', ''}
            elseif state == 'half_open' then
              if outcome == 'success' then
                redis.call('HSET', KEYS[1], 'state', 'closed', 'failures', 0, 'probe_lease_until', 0,
                  'generation', int(generation + 1))
                return {'closed', 'half_open'}
              elseif outcome == 'failure' then
                open()
                return {'open', 'half_open'}
              end
              redis.call('HSET', KEYS[1], 'probe_lease_until', 0)
              return {'half_open', ''}
            end
            -- No permit carries an open breaker's generation.
            return {state, ''}
            """
    )
}
