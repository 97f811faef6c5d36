import Foundation

/// Where a Redis server is and how to log in, from a `redis://[[user]:password@]host[:port][/db]`
/// URL (already validated by the `TILL_REDIS_URL` setting).
struct RedisEndpoint: Sendable, Hashable {
    /// Host name or IP literal (IPv6 without brackets).
    var host: String
    /// TCP port.
    var port: Int
    /// ACL user, if given.
    var username: String?
    /// Password, if given.
    var password: String?
    /// Database number.
    var database: Int

    /// The endpoint of `url`, or nil if it is not a `redis://` URL with a usable host and port.
    static func parse(_ url: String) -> RedisEndpoint? {
        let scheme = "redis://"
        guard url.hasPrefix(scheme) else { return nil }
        var rest = Substring(url.dropFirst(scheme.count))
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = credentials[..<colon]
                username = user.isEmpty ? nil : Self.decoded(user)
                password = Self.decoded(credentials[credentials.index(after: colon)...])
            } else if !credentials.isEmpty {
                password = Self.decoded(credentials)
            }
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let number = rest[rest.index(after: slash)...]
            if !number.isEmpty {
                guard let parsed = Int(number) else { return nil }
                database = parsed
            }
            rest = rest[..<slash]
        }
        let host: Substring
        var port = 6379
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = rest[rest.index(after: rest.startIndex)..<close]
            let tail = rest[rest.index(after: close)...]
            if tail.hasPrefix(":") {
                guard let parsed = Int(tail.dropFirst()) else { return nil }
                port = parsed
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard let parsed = Int(rest[rest.index(after: colon)...]) else { return nil }
            port = parsed
        } else {
            host = rest
        }
        guard !host.isEmpty, (1...65535).contains(port) else { return nil }
        return RedisEndpoint(host: String(host), port: port, username: username, password: password, database: database)
    }

    /// The URL without credentials (`***` in their place), safe to print.
    var displayURL: String {
        let hostText = self.host.contains(":") ? "[\(self.host)]" : self.host
        let credentials = self.username != nil || self.password != nil ? "***@" : ""
        return "redis://\(credentials)\(hostText):\(self.port)/\(self.database)"
    }

    private static func decoded(_ text: Substring) -> String {
        String(text).removingPercentEncoding ?? String(text)
    }
}
