/// What a cluster node's error reply asks the client to do instead of failing the command.
enum ClusterRedirect: Sendable, Equatable {
    /// `MOVED <slot> <host:port>`: the slot lives elsewhere for good; update the map and retry.
    case moved(slot: UInt16, to: RedisNodeAddress)
    /// `ASK <slot> <host:port>`: the slot is migrating; retry once there, after `ASKING`.
    case ask(slot: UInt16, to: RedisNodeAddress)
    /// `TRYAGAIN` (a multi-key command during a migration) or `CLUSTERDOWN` (a master has
    /// failed and no replica took over yet): wait and retry.
    case retryLater

    /// The redirect an error reply `message` (without its leading `-`) asks for, if any.
    /// `source` stands in for a node named without a host (`MOVED 12 :6380`).
    init?(errorReply message: String, source: RedisNodeAddress) {
        let words = message.split(separator: " ", omittingEmptySubsequences: true)
        guard let kind = words.first else { return nil }
        switch kind {
        case "TRYAGAIN", "CLUSTERDOWN":
            self = .retryLater
        case "MOVED", "ASK":
            guard words.count == 3, let slot = UInt16(words[1]), Int(slot) < HashSlot.count,
                let colon = words[2].lastIndex(of: ":"), let port = Int(words[2][words[2].index(after: colon)...]),
                (1...65535).contains(port)
            else { return nil }
            var host = String(words[2][..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            let endpoint = RedisNodeAddress(host: host.isEmpty ? source.host : host, port: port)
            self = kind == "MOVED" ? .moved(slot: slot, to: endpoint) : .ask(slot: slot, to: endpoint)
        default:
            return nil
        }
    }
}
