import TillProcess

/// Where `till up` gets the ports of its listeners and learns whether one is taken.
///
/// ``TillProcess/PortAllocator`` is the real one; tests script conflicts with their own.
protocol PortSource: Sendable {
    /// `count` distinct ports that were free a moment ago.
    func allocate(_ count: Int) async throws(PortAllocationError) -> [Int]

    /// Whether `port` can be bound right now (false: another process holds it).
    func isFree(_ port: Int) async -> Bool
}

extension PortAllocator: PortSource {}
