import NIOCore

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
}
