/// Who is subscribed to what, without I/O.
///
/// Several subscriptions may share a channel or pattern; Redis is told to unsubscribe from a
/// name only when the last of them goes away. After a reconnect, ``channels`` and ``patterns``
/// are what must be subscribed again.
struct SubscriptionRegistry<Subscriber> {
    enum Kind: Sendable, Equatable {
        /// `SUBSCRIBE` channel names.
        case channels
        /// `PSUBSCRIBE` glob patterns.
        case patterns
    }

    /// A subscription that was removed.
    struct Removal {
        var subscriber: Subscriber
        var kind: Kind
        /// Names no other subscription uses any more: unsubscribe from them.
        var orphaned: [String]
    }

    private struct Entry {
        var kind: Kind
        var names: [String]
        var subscriber: Subscriber
    }

    private var entries: [Int: Entry] = [:]
    private var channelOwners: [String: Set<Int>] = [:]
    private var patternOwners: [String: Set<Int>] = [:]
    private var lastID = 0

    init() {}

    var isEmpty: Bool { entries.isEmpty }

    /// Every subscribed channel, sorted.
    var channels: [String] { channelOwners.keys.sorted() }

    /// Every subscribed pattern, sorted.
    var patterns: [String] { patternOwners.keys.sorted() }

    func contains(_ id: Int) -> Bool { entries[id] != nil }

    /// Registers a subscription to `names` (duplicates ignored).
    /// - Returns: its id, for ``remove(_:)``.
    mutating func add(_ kind: Kind, _ names: [String], subscriber: Subscriber) -> Int {
        lastID += 1
        let id = lastID
        var unique: [String] = []
        for name in names where !unique.contains(name) { unique.append(name) }
        entries[id] = Entry(kind: kind, names: unique, subscriber: subscriber)
        for name in unique {
            switch kind {
            case .channels: channelOwners[name, default: []].insert(id)
            case .patterns: patternOwners[name, default: []].insert(id)
            }
        }
        return id
    }

    /// Removes a subscription; `nil` if it was already gone.
    mutating func remove(_ id: Int) -> Removal? {
        guard let entry = entries.removeValue(forKey: id) else { return nil }
        var orphaned: [String] = []
        for name in entry.names {
            switch entry.kind {
            case .channels: if Self.release(id, name, in: &channelOwners) { orphaned.append(name) }
            case .patterns: if Self.release(id, name, in: &patternOwners) { orphaned.append(name) }
            }
        }
        return Removal(subscriber: entry.subscriber, kind: entry.kind, orphaned: orphaned)
    }

    /// Removes every subscription (shutdown).
    mutating func removeAll() -> [Subscriber] {
        let subscribers = entries.keys.sorted().compactMap { entries[$0]?.subscriber }
        entries = [:]
        channelOwners = [:]
        patternOwners = [:]
        return subscribers
    }

    /// The subscribers a message is for: those of its pattern if it matched one, else those of
    /// its channel.
    func subscribers(for message: RedisPubSubMessage) -> [Subscriber] {
        let owners = message.pattern.map { patternOwners[$0] } ?? channelOwners[message.channel]
        return (owners ?? []).sorted().compactMap { entries[$0]?.subscriber }
    }

    private static func release(_ id: Int, _ name: String, in owners: inout [String: Set<Int>]) -> Bool {
        owners[name]?.remove(id)
        guard owners[name]?.isEmpty == true else { return false }
        owners[name] = nil
        return true
    }
}
