import Foundation
import NIOCore
import NIOPosix
import Testing
import TillTestSupport
import TillWire

/// Connections that never finish their hello are dropped at the handshake timeout while a normal
/// client keeps being served; connections beyond `TILL_MAX_CONNECTIONS` are refused cleanly.
@Suite("slow-loris and connection floods", .timeLimit(.minutes(3)))
struct SlowLorisTests {
    /// 1,000 sockets on each side stay well inside the CI machine's open-file limit (20,000).
    static let lorisCount = 1_000

    @Test("1,000 connections that never finish the hello are dropped at the handshake timeout; pings keep working")
    func slowLoris() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let inventory = try await ServiceProcess.start(
            "till-inventory", redis: redis, environment: ["TILL_HANDSHAKE_TIMEOUT_MS": "2000", "TILL_MAX_CONNECTIONS": "1100"]
        )
        defer { inventory.kill() }
        let normal = try await RawWireConnection.connect(port: inventory.port)
        try await normal.authenticate(client: "normal")

        let started = ContinuousClock.now
        async let pinging = Self.pingRepeatedly(normal, until: started + .seconds(8))
        // Half send nothing, half the first bytes of a hello and then nothing more.
        let lorises = try await Self.connectLorises(port: inventory.port, count: Self.lorisCount)
        let connected = ContinuousClock.now - started
        var allClosed = true
        for loris in lorises {
            allClosed = await Self.waitForClose(loris, until: ContinuousClock.now + .seconds(30)) && allClosed
        }
        let dropped = ContinuousClock.now - started
        let latencies = try await pinging
        print("slow-loris: \(lorises.count) connections opened in \(connected), all dropped after \(dropped); pings \(latencies.count), max latency \(latencies.max() ?? .zero)")
        #expect(allClosed)
        #expect(!latencies.isEmpty)
        // Generous on a noisy 2-core machine: a served ping takes milliseconds, a starved one seconds.
        #expect((latencies.max() ?? .zero) < .seconds(1), "ping latencies: \(latencies.sorted().suffix(5))")
        #expect(try await normal.call(id: 1_000_000, "inventory.ping")?["result"] != nil)
        await normal.close()
        #expect(inventory.isRunning)
    }

    @Test("connections beyond TILL_MAX_CONNECTIONS are refused with overloaded; the accepted ones keep working")
    func connectionFlood() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let limit = 20
        let shipping = try await ServiceProcess.start("till-shipping", redis: redis, environment: ["TILL_MAX_CONNECTIONS": "\(limit)"])
        defer { shipping.kill() }
        var accepted: [RawWireConnection] = []
        for index in 0..<limit {
            let connection = try await RawWireConnection.connect(port: shipping.port)
            try await connection.authenticate(client: "flood-\(index)")
            accepted.append(connection)
        }
        var refusals = 0
        for _ in 0..<50 {
            let extra = try await RawWireConnection.connect(port: shipping.port)
            let frames = try await extra.receiveUntilClosed()
            if frames.count == 1, frames.first?["error"]?["code"]?.stringValue == "overloaded", frames.first?["error"]?["retriable"] == true {
                refusals += 1
            }
            await extra.close()
        }
        #expect(refusals == 50)
        for (index, connection) in accepted.enumerated() {
            #expect(try await connection.call(id: index + 1, "shipping.ping")?["result"] != nil)
            await connection.close()
        }
        // Once they are gone, new connections are accepted again.
        var welcomed = false
        for _ in 0..<100 where !welcomed {
            let again = try await RawWireConnection.connect(port: shipping.port)
            try await again.sendHello()
            welcomed = try await again.receive()?["type"] == "welcome"
            await again.close()
            if !welcomed { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(welcomed)
        #expect(shipping.isRunning)
    }

    /// Pings on `connection` every 20 ms until `deadline`; returns each round trip.
    private static func pingRepeatedly(_ connection: RawWireConnection, until deadline: ContinuousClock.Instant) async throws -> [Duration] {
        var latencies: [Duration] = []
        var id = 0
        while ContinuousClock.now < deadline {
            id += 1
            let sent = ContinuousClock.now
            guard try await connection.call(id: id, "inventory.ping")?["result"] != nil else { break }
            latencies.append(ContinuousClock.now - sent)
            try await Task.sleep(for: .milliseconds(20))
        }
        return latencies
    }

    private static func connectLorises(port: Int, count: Int) async throws -> [any Channel] {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        var channels: [any Channel] = []
        channels.reserveCapacity(count)
        for index in 0..<count {
            let channel = try await bootstrap.connect(host: "127.0.0.1", port: port).get()
            if index.isMultiple(of: 2) {
                try await channel.writeAndFlush(ByteBuffer(bytes: RawWireConnection.lengthPrefix(180) + Array(#"{"type":"hel"#.utf8))).get()
            }
            channels.append(channel)
        }
        return channels
    }

    private static func waitForClose(_ channel: any Channel, until deadline: ContinuousClock.Instant) async -> Bool {
        while ContinuousClock.now < deadline {
            if !channel.isActive { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        try? await channel.close().get()
        return false
    }
}
