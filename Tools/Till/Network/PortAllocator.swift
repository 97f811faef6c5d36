import NIOCore
import NIOPosix

/// Free TCP ports on loopback for the stack's listeners.
///
/// The services are told a fixed port (so `stack.env` can name it before they start), which
/// means picking one that is free: bind port 0, read the port the kernel chose, close. All ports
/// of a stack are held open together while choosing, so they are distinct. Another program can
/// still take one before its service binds it; `till up` detects that (``isFree(_:host:)`` after
/// the service failed) and retries with fresh ports.
struct PortAllocator: PortSource {
    /// The host the ports are bound on.
    var host: String = "127.0.0.1"
    /// The event loops used to bind.
    var group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton

    /// `count` distinct ports that were free a moment ago.
    func allocate(_ count: Int) async throws(TillError) -> [Int] {
        var channels: [any Channel] = []
        defer {
            for channel in channels { channel.close(promise: nil) }
        }
        var ports: [Int] = []
        do {
            for _ in 0..<count {
                let channel = try await self.bind(port: 0)
                channels.append(channel)
                guard let port = channel.localAddress?.port else {
                    throw TillError(.portTaken, "cannot read the port bound on \(self.host)")
                }
                ports.append(port)
            }
        } catch let error as TillError {
            throw error
        } catch {
            throw TillError(.portTaken, "cannot bind a free port on \(self.host): \(error)")
        }
        for channel in channels {
            try? await channel.close()
        }
        channels.removeAll()
        return ports
    }

    /// Whether `port` can be bound right now (false: another process holds it).
    func isFree(_ port: Int) async -> Bool {
        guard let channel = try? await self.bind(port: port) else { return false }
        try? await channel.close()
        return true
    }

    /// Binds the way servers do (`SO_REUSEADDR`), so a port with connections lingering in
    /// TIME_WAIT counts as free, as it is for them.
    private func bind(port: Int) async throws -> any Channel {
        try await ServerBootstrap(group: self.group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 1)
            .bind(host: self.host, port: port)
            .get()
    }
}
