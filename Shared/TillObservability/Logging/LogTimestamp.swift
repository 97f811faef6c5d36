#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// RFC 3339 timestamps in UTC with millisecond precision (`2024-05-01T12:34:56.789Z`).
///
/// Formatted by hand from `clock_gettime` and `gmtime_r`: Foundation's formatters are far slower
/// than a log line can afford, and UTC means no time-zone database is read.
enum LogTimestamp {
    /// The current wall-clock time.
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return self.format(secondsSinceEpoch: Int(spec.tv_sec), nanoseconds: Int(spec.tv_nsec))
    }

    /// The instant `secondsSinceEpoch` + `nanoseconds`, truncated to milliseconds.
    static func format(secondsSinceEpoch: Int, nanoseconds: Int) -> String {
        var seconds = time_t(secondsSinceEpoch)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else {
            return "1970-01-01T00:00:00.000Z"
        }
        var text = ""
        text.reserveCapacity(24)
        self.append(Int(parts.tm_year) + 1900, digits: 4, to: &text)
        text.append("-")
        self.append(Int(parts.tm_mon) + 1, digits: 2, to: &text)
        text.append("-")
        self.append(Int(parts.tm_mday), digits: 2, to: &text)
        text.append("T")
        self.append(Int(parts.tm_hour), digits: 2, to: &text)
        text.append(":")
        self.append(Int(parts.tm_min), digits: 2, to: &text)
        text.append(":")
        self.append(Int(parts.tm_sec), digits: 2, to: &text)
        text.append(".")
        self.append(nanoseconds / 1_000_000, digits: 3, to: &text)
        text.append("Z")
        return text
    }

    private static func append(_ value: Int, digits: Int, to text: inout String) {
        let decimal = String(value)
        if decimal.count < digits {
            text.append(String(repeating: "0", count: digits - decimal.count))
        }
        text.append(decimal)
    }
}
