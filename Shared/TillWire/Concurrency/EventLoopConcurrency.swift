import NIOCore
import NIOPosix

/// Runs Swift concurrency's global executor on NIO's event loops
/// (`MultiThreadedEventLoopGroup.singleton`) instead of a separate thread pool.
///
/// Why: a process whose tasks mostly wait for sockets (an HTTP server such as Hummingbird, an
/// async-http-client caller) otherwise moves every request between the cooperative pool and an
/// event loop a few times: each hop is a wake-up of another thread, on a 2-core machine a context
/// switch. With the event loops as the global executor a task resumed by its socket stays on the
/// loop that read it. The catch is that nothing on the global executor may block: it now blocks
/// an event loop. The services that adopt this run only non-blocking async code (locks are held
/// for in-memory updates only).
public enum EventLoopConcurrency {
    /// Installs the event loops as the global executor; call it first thing, once per process.
    /// Returns `false` (and changes nothing) where the runtime does not allow it.
    @discardableResult
    public static func adopt() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
