#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Free TCP ports on a loopback address, for programs that must be told a fixed port before they
/// start (`redis-server`, the services `till up` and the tests launch, whose addresses are written
/// down first).
///
/// Picking one means binding port 0, reading the port the kernel chose and closing it. All ports
/// of one ``allocate(_:)`` are held open together while choosing, so they are distinct. Another
/// program can still take a port before its server binds it; callers detect that (a failed bind,
/// or ``isFree(_:)`` afterwards) and try again with fresh ports.
///
/// Only `socket`, `bind`, `getsockname` and `close` are used: none of them waits, so the calls are
/// synchronous and need no event loop.
public struct PortAllocator: Sendable, Hashable {
    /// The IPv4 address the ports are bound on.
    public var host: String

    /// An allocator for `host` (loopback unless given).
    public init(host: String = "127.0.0.1") {
        self.host = host
    }

    /// `count` distinct ports that were free a moment ago.
    public func allocate(_ count: Int) throws(PortAllocationError) -> [Int] {
        var sockets: [Int32] = []
        defer { sockets.forEach { _ = close($0) } }
        var ports: [Int] = []
        for _ in 0..<count {
            let (socket, port) = try self.socketBound(to: 0)
            sockets.append(socket)
            ports.append(port)
        }
        return ports
    }

    /// One port that was free a moment ago.
    public func next() throws(PortAllocationError) -> Int {
        try self.allocate(1)[0]
    }

    /// Whether `port` can be bound right now (false: another process holds it).
    public func isFree(_ port: Int) -> Bool {
        guard let (socket, _) = try? self.socketBound(to: port) else { return false }
        _ = close(socket)
        return true
    }

    /// Binds the way servers do (`SO_REUSEADDR`), so a port with connections lingering in
    /// TIME_WAIT counts as free, as it is for them. Returns the open socket and its port.
    private func socketBound(to port: Int) throws(PortAllocationError) -> (Int32, Int) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        guard inet_pton(AF_INET, self.host, &address.sin_addr) == 1 else {
            throw PortAllocationError("\(self.host) is not an IPv4 address")
        }
        #if canImport(Darwin)
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #else
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #endif
        guard fd >= 0 else { throw PortAllocationError("socket(): \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else {
            let reason = String(cString: strerror(errno))
            _ = close(fd)
            throw PortAllocationError("cannot bind \(self.host):\(port): \(reason)")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}

/// Why no free port could be found: one line, naming the address.
public struct PortAllocationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed.
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) {
        self.description = description
    }
}
