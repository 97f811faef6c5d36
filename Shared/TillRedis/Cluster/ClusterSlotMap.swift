/// Which master serves each of the 16384 hash slots, and which nodes exist: the cluster client's
/// routing table. A pure value, rebuilt from `CLUSTER SLOTS` and patched by `MOVED` replies.
struct ClusterSlotMap: Sendable, Equatable {
    /// Every master that owns at least one slot, in the order `CLUSTER SLOTS` listed them.
    private(set) var masters: [RedisNodeAddress]
    /// Masters and replicas: any of them receives every `PUBLISH` in the cluster.
    private(set) var nodes: [RedisNodeAddress]
    /// `owners[slot]` indexes ``masters``; `-1` marks a slot nobody serves.
    private var owners: [Int16]

    /// An empty map: no slot is served.
    init() {
        masters = []
        nodes = []
        owners = Array(repeating: -1, count: HashSlot.count)
    }

    /// The map described by a `CLUSTER SLOTS` reply from the node at `source` (whose host stands
    /// in for a node listed without an address).
    /// - Throws: ``RedisError/Code/protocolError`` if the reply is not a slot table.
    init(clusterSlots reply: RESPValue, source: RedisNodeAddress) throws(RedisError) {
        self.init()
        guard let ranges = reply.array else { throw .protocolError("CLUSTER SLOTS did not answer an array") }
        for range in ranges {
            guard let fields = range.array, fields.count >= 3,
                let first = fields[0].int, let last = fields[1].int,
                0 <= first, first <= last, last < HashSlot.count
            else { throw .protocolError("CLUSTER SLOTS answered a malformed slot range") }
            var endpoints: [RedisNodeAddress] = []
            for node in fields[2...] {
                guard let endpoint = Self.endpoint(node, source: source) else {
                    throw .protocolError("CLUSTER SLOTS answered a malformed node")
                }
                endpoints.append(endpoint)
            }
            let owner = index(ofMaster: endpoints[0])
            for slot in first...last { owners[slot] = owner }
            for endpoint in endpoints where !nodes.contains(endpoint) { nodes.append(endpoint) }
        }
    }

    /// The master serving `slot`, if any.
    func master(for slot: UInt16) -> RedisNodeAddress? {
        let owner = owners[Int(slot)]
        return owner < 0 ? nil : masters[Int(owner)]
    }

    /// Whether every slot has a master.
    var coversAllSlots: Bool { !owners.contains(-1) }

    /// Applies `MOVED <slot> <endpoint>`: the slot now lives on `endpoint` (a full refresh
    /// follows, but the command that was moved can be retried at once).
    mutating func move(slot: UInt16, to endpoint: RedisNodeAddress) {
        owners[Int(slot)] = index(ofMaster: endpoint)
        if !nodes.contains(endpoint) { nodes.append(endpoint) }
    }

    private mutating func index(ofMaster endpoint: RedisNodeAddress) -> Int16 {
        if let index = masters.firstIndex(of: endpoint) { return Int16(index) }
        masters.append(endpoint)
        return Int16(masters.count - 1)
    }

    private static func endpoint(_ node: RESPValue, source: RedisNodeAddress) -> RedisNodeAddress? {
        guard let fields = node.array, fields.count >= 2, let host = fields[0].string, let port = fields[1].int,
            (1...65535).contains(port)
        else { return nil }
        // An empty address (or "?", with cluster-preferred-endpoint-type unknown-endpoint) means
        // "the address you reached me on".
        return RedisNodeAddress(host: host.isEmpty || host == "?" ? source.host : host, port: Int(port))
    }
}
