/// A replica's address, `host:port` (IPv6 as `[::1]:7001`).
public struct PeerAddress: Sendable, Hashable, CustomStringConvertible {
    /// A host name or IP address (IPv6 without brackets).
    public var host: String
    /// The TCP port.
    public var port: Int

    /// An address from its parts.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port`.
    public init(_ text: String) throws(PeerAddressError) {
        let trimmed = text.trimmedWhitespace
        guard let colon = trimmed.lastIndex(of: ":") else { throw PeerAddressError(text, "expected host:port") }
        var host = String(trimmed[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw PeerAddressError(text, "the host is empty") }
        guard let port = Int(trimmed[trimmed.index(after: colon)...]), (1...65_535).contains(port) else {
            throw PeerAddressError(text, "the port must be 1 to 65535")
        }
        self.init(host: host, port: port)
    }

    /// Parses a comma-separated list of replicas, as in `TILL_INVENTORY_ADDR`.
    public static func list(_ text: String) throws(PeerAddressError) -> [PeerAddress] {
        var addresses: [PeerAddress] = []
        for part in text.split(separator: ",") where !part.allSatisfy(\.isWhitespace) {
            addresses.append(try PeerAddress(String(part)))
        }
        guard !addresses.isEmpty else { throw PeerAddressError(text, "no address given") }
        return addresses
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// An address that is not `host:port`.
public struct PeerAddressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text that did not parse.
    public let text: String
    /// What is wrong with it.
    public let reason: String

    init(_ text: String, _ reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "invalid address \"\(text)\": \(reason)" }
}

extension String {
    fileprivate var trimmedWhitespace: Substring {
        var trimmed = Substring(self)
        while let first = trimmed.first, first.isWhitespace { trimmed.removeFirst() }
        while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
        return trimmed
    }
}
