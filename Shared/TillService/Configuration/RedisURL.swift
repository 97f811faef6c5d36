/// Validation of `redis[s]://[[user]:password@]host[:port][/db]` URLs (`rediss://`: over TLS).
///
/// The URL is kept as text in the settings (the Redis client parses it again to connect); this
/// only rejects what cannot work and never lets an error line show the password.
enum RedisURL {
    static let scheme = "redis://"
    static let tlsScheme = "rediss://"
    static let shape = "redis[s]://[:password@]host:port/db"

    /// Whether `text` is a Redis URL Till can use.
    static func isValid(_ text: String) -> Bool {
        guard let scheme = self.scheme(of: text) else { return false }
        var rest = Substring(text.dropFirst(scheme.count))
        if let at = rest.lastIndex(of: "@") {
            rest = rest[rest.index(after: at)...]
        }
        let authority: Substring
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            let database = rest[rest.index(after: slash)...]
            guard database.isEmpty || (database.count <= 5 && database.allSatisfy({ ("0"..."9").contains($0) }))
            else { return false }
        } else {
            authority = rest
        }
        guard !authority.isEmpty else { return false }
        let withPort = authority.hasSuffix("]") || !authority.contains(":") ? "\(authority):6379" : String(authority)
        guard let (_, port) = HostPort.parse(withPort) else { return false }
        return (1...65535).contains(port)
    }

    /// `text` with any user information replaced by `***`, safe to print.
    ///
    /// Everything up to the last `@` is user information (a database number never holds one), so
    /// a password containing `/` is masked too.
    static func masked(_ text: String) -> String {
        guard let scheme = self.scheme(of: text) else { return self.maskAfterAt(text) }
        let rest = text.dropFirst(scheme.count)
        guard let at = rest.lastIndex(of: "@") else { return text }
        return scheme + "***" + rest[at...]
    }

    /// `redis://` or `rediss://`, whichever `text` starts with.
    private static func scheme(of text: String) -> String? {
        [self.scheme, self.tlsScheme].first { text.hasPrefix($0) }
    }

    /// Without a recognisable scheme, anything before an `@` might be a password.
    private static func maskAfterAt(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@") else { return text }
        return "***" + text[at...]
    }
}

extension SettingParser where Value == String {
    /// A `redis://` or `rediss://` URL (see ``RedisURL``); errors never show its password.
    public static var redisURL: Self {
        SettingParser(valueName: "url", display: RedisURL.masked) {
            (text: String) throws(SettingParseFailure) -> String in
            guard RedisURL.isValid(text) else {
                throw .expected(RedisURL.shape)
            }
            return text
        }
    }
}
