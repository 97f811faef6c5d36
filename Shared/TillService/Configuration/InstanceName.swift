#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The default instance name, `<service>-<hostname>-<pid>`.
///
/// The host name keeps replicas in different containers apart (each is pid 1 in its own), the pid
/// keeps processes on one host apart. Characters outside the name alphabet become `-` and the name
/// is cut to 64 characters, keeping the pid.
enum InstanceName {
    static func make(service: String, hostname: String = Self.hostname(), pid: Int32 = getpid()) -> String {
        let suffix = "-\(pid)"
        let prefix = Self.sanitised("\(service)-\(hostname)")
        return String(prefix.prefix(64 - suffix.utf8.count)) + suffix
    }

    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }

    private static func sanitised(_ text: String) -> String {
        String(decoding: text.utf8.map { SettingParser<String>.isNameByte($0) ? $0 : UInt8(ascii: "-") }, as: UTF8.self)
    }
}
