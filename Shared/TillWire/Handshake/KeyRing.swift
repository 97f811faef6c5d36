/// The keys a server accepts and a client signs with (`WIRE.md`, "Keys").
///
/// - The cluster key (`TILL_CLUSTER_KEY`) lets a client call every method. During a rotation it
///   holds two comma-separated keys: a server accepts a MAC made with either; a client signs with the first.
/// - Per-client keys (`TILL_CLIENT_KEYS`, `storefront=<key>:checkout.*;ops=<key>:*`) bind a client name
///   to its own key and to the method patterns it may call. Such a client must use its own key.
public struct KeyRing: Sendable, CustomStringConvertible {
    /// The environment variable holding the cluster key(s).
    public static let clusterKeyVariable = "TILL_CLUSTER_KEY"
    /// The environment variable holding the per-client keys.
    public static let clientKeysVariable = "TILL_CLIENT_KEYS"
    /// Keys shorter than this are refused: they would be guessable.
    public static let minimumKeyLength = 16

    /// A client name bound to its own key and the methods it may call.
    public struct ClientKey: Sendable, Hashable {
        /// The client name the key belongs to.
        public let client: String
        /// The key that client must sign its hello with.
        public let key: SecretKey
        /// The methods it may call.
        public let patterns: [MethodPattern]

        /// Binds a client name to its key and method patterns.
        public init(client: String, key: SecretKey, patterns: [MethodPattern]) {
            self.client = client
            self.key = key
            self.patterns = patterns
        }
    }

    /// The accepted cluster keys; the first one signs.
    public let clusterKeys: [SecretKey]
    /// The per-client keys, by client name.
    public let clientKeys: [String: ClientKey]

    /// The key a client of this cluster signs its hello with.
    public var signingKey: SecretKey { clusterKeys[0] }

    /// Builds a key ring from already-parsed keys.
    public init(clusterKeys: [SecretKey], clientKeys: [ClientKey] = []) throws(KeyRingError) {
        guard !clusterKeys.isEmpty else { throw KeyRingError(Self.clusterKeyVariable, "is required") }
        guard clusterKeys.count <= 2 else {
            throw KeyRingError(Self.clusterKeyVariable, "holds at most two comma-separated keys (current, next)")
        }
        for key in clusterKeys where key.bytes.count < Self.minimumKeyLength {
            throw KeyRingError(Self.clusterKeyVariable, "each key must be at least \(Self.minimumKeyLength) characters")
        }
        var byName: [String: ClientKey] = [:]
        for entry in clientKeys {
            guard ClientName.isValid(entry.client) else {
                throw KeyRingError(Self.clientKeysVariable, "invalid client name \"\(entry.client)\"")
            }
            guard byName[entry.client] == nil else {
                throw KeyRingError(Self.clientKeysVariable, "client \"\(entry.client)\" is listed twice")
            }
            guard entry.key.bytes.count >= Self.minimumKeyLength else {
                throw KeyRingError(
                    Self.clientKeysVariable,
                    "the key of client \"\(entry.client)\" must be at least \(Self.minimumKeyLength) characters"
                )
            }
            guard !entry.patterns.isEmpty else {
                throw KeyRingError(Self.clientKeysVariable, "client \"\(entry.client)\" has no method patterns")
            }
            byName[entry.client] = entry
        }
        self.clusterKeys = clusterKeys
        self.clientKeys = byName
    }

    /// Parses the values of `TILL_CLUSTER_KEY` and (optionally) `TILL_CLIENT_KEYS`.
    public init(clusterKey: String, clientKeys: String? = nil) throws(KeyRingError) {
        let cluster = clusterKey.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingWhitespace() }
        guard !cluster.isEmpty, cluster.allSatisfy({ !$0.isEmpty }) else {
            throw KeyRingError(Self.clusterKeyVariable, "must hold one key, or two separated by a comma")
        }
        try self.init(
            clusterKeys: cluster.map { SecretKey(String($0)) },
            clientKeys: try Self.parseClientKeys(clientKeys ?? "")
        )
    }

    /// Reads `TILL_CLUSTER_KEY` (required) and `TILL_CLIENT_KEYS` (optional) from `environment`.
    public init(environment: [String: String]) throws(KeyRingError) {
        guard let cluster = environment[Self.clusterKeyVariable], !cluster.isEmpty else {
            throw KeyRingError(Self.clusterKeyVariable, "is required")
        }
        try self.init(clusterKey: cluster, clientKeys: environment[Self.clientKeysVariable])
    }

    public var description: String {
        "KeyRing(cluster keys: \(clusterKeys.count), clients: [\(clientKeys.keys.sorted().joined(separator: ", "))])"
    }

    /// The permissions of `client` if `mac` is its MAC of `message` under a key it may use.
    func authenticate(client: String, message: [UInt8], mac: [UInt8]) -> ClientPermissions? {
        if let own = clientKeys[client] {
            return HandshakeSignature.verify(mac: mac, key: own.key, message: message) ? .only(own.patterns) : nil
        }
        // Check every cluster key, so the time taken does not tell which one matched.
        var matched = false
        for key in clusterKeys where HandshakeSignature.verify(mac: mac, key: key, message: message) {
            matched = true
        }
        return matched ? .all : nil
    }

    /// `storefront=<key>:checkout.*;ops=<key>:*` — name up to the first `=`, key up to the last `:`.
    private static func parseClientKeys(_ value: String) throws(KeyRingError) -> [ClientKey] {
        var entries: [ClientKey] = []
        for (position, rawEntry) in value.split(separator: ";").enumerated() {
            let entry = rawEntry.trimmingWhitespace()
            if entry.isEmpty { continue }
            let number = position + 1
            guard let equals = entry.firstIndex(of: "=") else {
                throw KeyRingError(clientKeysVariable, "entry \(number) is not name=key:patterns")
            }
            let name = String(entry[..<equals])
            let rest = entry[entry.index(after: equals)...]
            guard let colon = rest.lastIndex(of: ":") else {
                throw KeyRingError(clientKeysVariable, "entry \(number) (\"\(name)\") has no ':' before its method patterns")
            }
            let key = rest[..<colon]
            guard !key.isEmpty else {
                throw KeyRingError(clientKeysVariable, "entry \(number) (\"\(name)\") has an empty key")
            }
            var patterns: [MethodPattern] = []
            for rawPattern in rest[rest.index(after: colon)...].split(separator: ",") {
                let text = String(rawPattern.trimmingWhitespace())
                guard let pattern = MethodPattern(text) else {
                    throw KeyRingError(clientKeysVariable, "entry \(number) (\"\(name)\") has an invalid method pattern \"\(text)\"")
                }
                patterns.append(pattern)
            }
            entries.append(ClientKey(client: name, key: SecretKey(String(key)), patterns: patterns))
        }
        return entries
    }
}

/// What an authenticated client may call.
enum ClientPermissions: Sendable, Hashable {
    /// Cluster key: every method.
    case all
    /// A per-client key: the methods its patterns match.
    case only([MethodPattern])

    func allows(_ method: String) -> Bool {
        switch self {
        case .all: true
        case .only(let patterns): patterns.contains { $0.matches(method) }
        }
    }
}

/// `client` is 1–64 characters of `[A-Za-z0-9_.:-]`.
enum ClientName {
    static func isValid(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count) && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: ":"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var trimmed = self
        while let first = trimmed.first, first.isWhitespace { trimmed.removeFirst() }
        while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
        return trimmed
    }
}
