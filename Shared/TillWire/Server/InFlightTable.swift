/// The requests of one connection that have been admitted and not yet answered, by request id.
///
/// Pure bookkeeping, shared by the server (admitted requests) and the client (calls awaiting a
/// response). `Pending` is whatever the owner needs to finish or cancel the request later.
struct InFlightTable<Pending> {
    enum InsertResult: Hashable {
        case inserted
        /// The id is already in flight; the first request is unaffected.
        case duplicate
        /// The table holds `capacity` requests already.
        case full
    }

    let capacity: Int
    private(set) var entries: [UInt64: Pending] = [:]

    init(capacity: Int) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
    }

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    func contains(_ id: UInt64) -> Bool { entries[id] != nil }

    mutating func insert(_ id: UInt64, _ pending: Pending) -> InsertResult {
        if entries[id] != nil { return .duplicate }
        if entries.count >= capacity { return .full }
        entries[id] = pending
        return .inserted
    }

    mutating func remove(_ id: UInt64) -> Pending? {
        entries.removeValue(forKey: id)
    }

    mutating func removeAll() -> [Pending] {
        defer { entries.removeAll() }
        return Array(entries.values)
    }
}
