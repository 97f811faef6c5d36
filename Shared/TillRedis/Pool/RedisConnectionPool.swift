import NIOCore
import NIOPosix
import Synchronization

/// A fixed number of connections, each on its own event loop, taking commands in turn.
final class RedisConnectionPool: Sendable {
    private let slots: [RedisConnectionSlot]
    private let next = Atomic<Int>(0)

    init(size: Int, eventLoopGroup: any EventLoopGroup, factory: RedisConnectionFactory) {
        self.slots = (0..<max(1, size)).map { _ in
            RedisConnectionSlot(eventLoop: eventLoopGroup.next(), factory: factory)
        }
    }

    /// A connection for the next command: the slot on the caller's own event loop if it has one
    /// (a request handler running on its connection's loop: the command, its reply and the
    /// caller's resumption then stay on one thread, with no wake-up of another), else the next
    /// slot in turn, or, if that one is not connected, any connected slot while the first
    /// reconnects in the background. Waits for a connection only when none is ready.
    func connection() async throws(RedisError) -> RedisConnection {
        if let current = MultiThreadedEventLoopGroup.currentEventLoop,
           let local = slots.first(where: { $0.eventLoop === current }),
           let connection = local.readyConnection
        {
            return connection
        }
        let start = Int(UInt(bitPattern: next.wrappingAdd(1, ordering: .relaxed).oldValue) % UInt(slots.count))
        let preferred = slots[start]
        if let connection = preferred.readyConnection { return connection }
        for offset in 1..<slots.count {
            if let connection = slots[(start + offset) % slots.count].readyConnection {
                preferred.reconnectInBackground()
                return connection
            }
        }
        return try await preferred.connection()
    }

    /// Closes every connection, letting commands in flight finish for up to `gracePeriod`.
    func shutdown(gracePeriod: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            for slot in slots {
                group.addTask { await slot.shutdown(gracePeriod: gracePeriod) }
            }
        }
    }
}
