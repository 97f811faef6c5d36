import NIOCore
import NIOPosix
import TillWire

/// Sizes the process-wide event-loop group that every listener and client of a Till process shares.
public enum EventLoopSizing {
    /// Makes NIO's singleton group `threads` loops wide; `nil` keeps NIO's choice (one per core, or
    /// `NIO_SINGLETON_GROUP_LOOP_COUNT`).
    ///
    /// Call it first thing in `run()`: the group is created on first use and keeps its size.
    public static func apply(threads: Int?) {
        guard let threads else { return }
        NIOSingletons.groupLoopCountSuggestion = threads
    }

    /// Runs `body` with every task it starts preferring the group's event loop when the group has
    /// only one.
    ///
    /// With one loop all of the process's sockets live on one thread; tasks on the global pool
    /// (HTTP handlers, background services) would still wake a second thread for each await and
    /// hop back for each write. With several loops the preference would pile every task onto one
    /// of them, so `body` then runs as it is.
    public static func preferringTheSoleLoop<T>(_ body: () async throws -> T) async rethrows -> T {
        let group = MultiThreadedEventLoopGroup.singleton
        var loops = group.makeIterator()
        guard let only = loops.next(), loops.next() == nil else { return try await body() }
        return try await withTaskExecutorPreference(EventLoopTaskExecutor(only)) {
            try await body()
        }
    }
}
