#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time as integers, the unit Redis scripts and wire timestamps use.
///
/// Stored breaker and limiter state is compared across replicas, so it is kept in Unix time rather
/// than a process-local monotonic clock. The Redis implementations use Redis' `TIME` instead, so
/// that replicas' clocks never disagree; this is for in-process implementations and timestamps.
public enum UnixClock {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public static func nowMicroseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1_000
    }

    /// Milliseconds since 1970-01-01T00:00:00Z.
    public static func nowMilliseconds() -> Int64 {
        nowMicroseconds() / 1_000
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    public static func nowSeconds() -> Int64 {
        nowMicroseconds() / 1_000_000
    }
}
