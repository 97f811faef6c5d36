/// A host and a TCP port, as written in `TILL_LISTEN=127.0.0.1:7001` or `[::1]:7001`.
///
/// The host is kept as written (a name or an IP literal; IPv6 without its brackets); resolving it
/// is the business of whoever binds or connects.
public struct HostPort: Sendable, Hashable, CustomStringConvertible {
    /// A host name or IP literal.
    public var host: String
    /// The port; 0 only where an ephemeral port is allowed (a listener).
    public var port: Int

    /// A host and port taken as given.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, with an IPv6 host in brackets.
    public var description: String {
        self.host.contains(":") ? "[\(self.host)]:\(self.port)" : "\(self.host):\(self.port)"
    }

    /// Parses `host:port` or `[ipv6]:port`; nil for anything else. The port range is not checked.
    static func parse(_ text: String) -> (host: String, port: Int)? {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
            guard !host.isEmpty, host.contains(":"), host.allSatisfy(\.isIPv6LiteralCharacter) else { return nil }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard !host.isEmpty, host.allSatisfy(\.isHostNameCharacter) else { return nil }
        }
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCIIDigit), let port = Int(portText)
        else { return nil }
        return (String(host), port)
    }
}

extension SettingParser where Value == HostPort {
    /// `host:port` or `[ipv6]:port`; port 0 (an ephemeral port) only for a listener that allows it.
    public static func hostPort(allowingPortZero: Bool = false) -> Self {
        let ports = allowingPortZero ? 0...65535 : 1...65535
        return SettingParser(valueName: "host:port") { (text: String) throws(SettingParseFailure) -> HostPort in
            guard let (host, port) = HostPort.parse(text) else {
                throw .expected("host:port")
            }
            guard ports.contains(port) else {
                throw .expected("a port from \(ports.lowerBound) to \(ports.upperBound)")
            }
            return HostPort(host: host, port: port)
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }

    /// Letters, digits, `.`, `-` and `_` (IPv4 literals and DNS names; `_` for container names).
    fileprivate var isHostNameCharacter: Bool {
        self.isASCII && (self.isLetter || self.isASCIIDigit || self == "." || self == "-" || self == "_")
    }

    /// Hex digits, `:`, `.` (an embedded IPv4 tail), and `%` with letters for a zone (`fe80::1%eth0`).
    fileprivate var isIPv6LiteralCharacter: Bool {
        self.isASCII && (self.isLetter || self.isASCIIDigit || self == ":" || self == "." || self == "%")
    }
}
