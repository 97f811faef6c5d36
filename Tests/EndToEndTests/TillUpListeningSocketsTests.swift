#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import Testing

@testable import TillCLI

/// Telling whose listener answers on a port, with real sockets and Linux's `/proc`.
///
/// Readiness trusts a port only when the child itself listens on it; when `/proc/net/tcp` was read
/// with Foundation, every socket after the 26th was invisible, and on a busy machine whole stacks
/// timed out as "port N answers, but another process holds it".
@Suite("till up: whose listener is it", .enabled(if: FileManager.default.fileExists(atPath: "/proc/net/tcp")))
struct TillUpListeningSocketsTests {
    /// More listeners than the first 4 KiB `read` of `/proc/net/tcp` holds (26 rows).
    static let listenerCount = 64

    /// A socket of this process listening on a kernel-chosen loopback port: (descriptor, port).
    static func openListener() throws -> (Int32, Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 4) == 0
                    && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard listening else {
            _ = close(descriptor)
            throw TestFailure("cannot listen on loopback: \(String(cString: strerror(errno)))")
        }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test func readsEverySocketOfABusyMachine() throws {
        var listeners: [(Int32, Int)] = []
        defer { listeners.forEach { _ = close($0.0) } }
        for _ in 0..<Self.listenerCount {
            listeners.append(try Self.openListener())
        }
        let table = try #require(ProcFile.contents(of: "/proc/net/tcp"))
        // Header plus at least our own listeners: far beyond Foundation's 27 lines.
        #expect(table.split(separator: "\n").count > Self.listenerCount)
        for (_, port) in listeners {
            #expect(ListeningSockets.listeningInodes(in: table, port: port).count == 1, "port \(port) missing")
        }
    }

    @Test func seesItsOwnListenersAmongManyAsItsOwn() throws {
        var listeners: [(Int32, Int)] = []
        defer { listeners.forEach { _ = close($0.0) } }
        for _ in 0..<Self.listenerCount {
            listeners.append(try Self.openListener())
        }
        for (_, port) in listeners {
            #expect(ListeningSockets.isHeld(port: port, by: getpid()) == true, "port \(port)")
        }
    }

    @Test func seesAListenerOfAnotherProcessAsNotItsOwn() throws {
        let (descriptor, port) = try Self.openListener()
        defer { _ = close(descriptor) }
        // pid 1 (init) certainly does not hold a socket this test just opened.
        #expect(ListeningSockets.isHeld(port: port, by: 1) != true)
        #expect(ListeningSockets.isHeld(port: port, by: getpid()) == true)
    }

    @Test func readsProcFilesWhole() throws {
        let text = try #require(ProcFile.contents(of: "/proc/self/stat"))
        #expect(ProcStat.parse(text) != nil)
        #expect(ProcFile.contents(of: "/proc/no-such-file") == nil)
    }
}
