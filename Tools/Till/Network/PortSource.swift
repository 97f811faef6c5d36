/// Where `till up` gets the ports of its listeners and learns whether one is taken.
///
/// ``PortAllocator`` is the real one; tests script conflicts with their own.
protocol PortSource: Sendable {
    /// `count` distinct ports that were free a moment ago.
    func allocate(_ count: Int) async throws(TillError) -> [Int]

    /// Whether `port` can be bound right now (false: another process holds it).
    func isFree(_ port: Int) async -> Bool
}
