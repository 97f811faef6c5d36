/// Where the Redis-backed primitives (breaker, rate limiter, idempotency leases) read "now".
///
/// State shared by replicas is compared against times written by other replicas, so it must come
/// from one clock. By default that clock is Redis' own `TIME`, read inside each script: replicas
/// whose clocks drift apart still agree on when a lease lapses or a breaker may probe, and no
/// round trip is spent fetching the time. A ``custom(_:)`` clock is sent with every script call
/// instead; tests use it to drive the scripts through exact instants and compare them with the
/// pure state machines they mirror.
public enum SharedClock: Sendable {
    /// Redis' `TIME`, read inside each script.
    case redis
    /// The caller's clock, in Unix microseconds, sent with each script call.
    case custom(@Sendable () -> Int64)

    /// The clock argument every script takes first: empty for Redis' `TIME`, else the
    /// caller's time in Unix microseconds.
    package var scriptArgument: String {
        switch self {
        case .redis: ""
        case .custom(let now): String(now())
        }
    }

    /// The Lua function `now_us(argument)` that reads the clock argument (see ``scriptArgument``).
    ///
    /// Microseconds since the epoch stay below 2⁵³, so Lua's doubles hold them exactly.
    package static let luaNowFunction = """
        local function now_us(argument)
          if argument ~= '' then return tonumber(argument) end
          local time = redis.call('TIME')
          return tonumber(time[1]) * 1000000 + tonumber(time[2])
        end

        """
}
