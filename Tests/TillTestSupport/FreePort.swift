import TillProcess

/// A TCP port on 127.0.0.1 that is free right now, for programs (like `redis-server`) that
/// cannot bind port 0 and report back: ``TillProcess/PortAllocator`` under the name the tests use.
/// Another process may take it before it is used, so callers that start a server on it retry on
/// a bind failure; several ports needed at once come from `PortAllocator().allocate(n)` (distinct).
public enum FreePort {
    public static func next() -> Int {
        do {
            return try PortAllocator().next()
        } catch {
            preconditionFailure("no free loopback port: \(error)")
        }
    }
}
