/// Parses the `TILL_REDIS_URL` syntax for ``RedisConfiguration/init(url:)``.
///
/// Hand-written rather than `Foundation.URL` so that every error says exactly which part is
/// wrong, and so that no error ever echoes any part of the URL: a mistyped URL can put the
/// password where the port or database should be.
enum RedisURLParser {
    struct Parts: Equatable {
        var host: String
        var port: Int
        var username: String?
        var password: String?
        var database: Int
        /// Whether the URL's scheme is `rediss://` (Redis over TLS).
        var tls = false
    }

    static func parse(_ url: String) throws(RedisError) -> Parts {
        let tls = url.hasPrefix("rediss://")
        guard tls || url.hasPrefix("redis://") else {
            throw .invalidURL("must start with redis:// or rediss://")
        }
        var rest = Substring(url.dropFirst(tls ? 9 : 8))
        guard !rest.contains("?"), !rest.contains("#") else {
            throw .invalidURL("query parameters and fragments are not supported")
        }

        // Credentials end at the last "@": a password may contain "@" only percent-encoded, but
        // splitting at the last one also copes with a raw one.
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            guard let colon = userInfo.firstIndex(of: ":") else {
                throw .invalidURL("credentials need a password (use redis://:password@host or redis://user:password@host)")
            }
            let user = try decode(userInfo[..<colon], part: "user name")
            username = user.isEmpty ? nil : user
            password = try decode(userInfo[userInfo.index(after: colon)...], part: "password")
        }

        let authority: Substring
        let path: Substring
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        } else {
            authority = rest
            path = ""
        }

        let (host, port) = try hostAndPort(authority)
        return Parts(host: host, port: port, username: username, password: password, database: try database(path), tls: tls)
    }

    private static func hostAndPort(_ authority: Substring) throws(RedisError) -> (String, Int) {
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidURL("IPv6 host is missing its closing ]") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidURL("unexpected characters after the IPv6 host") }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
        }
        guard !host.isEmpty else { throw .invalidURL("missing host") }
        var port = 6379
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw .invalidURL("port must be a number from 1 to 65535")
            }
            port = value
        }
        return (String(host), port)
    }

    private static func database(_ path: Substring) throws(RedisError) -> Int {
        guard !path.isEmpty else { return 0 }
        guard path.allSatisfy(\.isASCII), let value = Int(path), value >= 0 else {
            throw .invalidURL("database must be a non-negative integer")
        }
        return value
    }

    /// Percent-decodes a credential. Errors name the part, never its value.
    private static func decode(_ text: Substring, part: String) throws(RedisError) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw .invalidURL("\(part) has an invalid percent-escape")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw .invalidURL("\(part) is not valid UTF-8 after percent-decoding")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
