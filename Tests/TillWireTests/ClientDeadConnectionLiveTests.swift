import Testing
import TillTestSupport
import TillWire

/// A connection that silently stops delivering (a black hole) is closed once a call's deadline and
/// the grace pass without a byte, so later calls get a fresh connection; a slow but live server
/// keeps its connection. Through the ``FaultProxy``, over real sockets.
@Suite("Client dead-connection detection (live)")
struct ClientDeadConnectionLiveTests {
    @Test("a black-holed connection is replaced after deadline + grace; later calls succeed")
    func blackHoleIsReplaced() async throws {
        let server = try await TestServer.start()
        let proxy = try await FaultProxy.start(port: server.port)
        let client = RPCClient.test(ports: [proxy.port]) {
            $0.connectionsPerAddress = 1
            $0.deadConnectionGrace = .milliseconds(300)
        }
        _ = try await client.call("test.echo", params: EchoParams(value: 1), as: EchoResult.self)

        proxy.set(.drop)
        await #expect(throws: RPCError.self) {
            _ = try await client.call("test.echo", params: EchoParams(value: 2), as: EchoResult.self, deadline: .milliseconds(300))
        }
        proxy.set(.pass)
        // Without detection every call would go into the black-holed connection forever.
        let start = ContinuousClock.now
        var answered: EchoResult?
        while answered == nil, ContinuousClock.now - start < .seconds(10) {
            answered = try? await client.call("test.echo", params: EchoParams(value: 3), as: EchoResult.self, deadline: .seconds(1))
        }
        #expect(answered?.value == 3, "no call succeeded within 10 s of the black hole")
        #expect(ContinuousClock.now - start < .seconds(3), "\(ContinuousClock.now - start)")
        #expect(proxy.counters.accepted == 2 && proxy.counters.blackHoled == 1, "\(proxy.counters)")
        await client.shutdown()
        await proxy.stop()
        try await server.stop()
    }

    @Test("a live server that only answers deadline_exceeded keeps its connection")
    func slowServerKeepsItsConnection() async throws {
        let server = try await TestServer.start()
        let proxy = try await FaultProxy.start(port: server.port)
        let client = RPCClient.test(ports: [proxy.port]) {
            $0.connectionsPerAddress = 1
            $0.deadConnectionGrace = .milliseconds(500)
        }
        _ = try await client.call("test.echo", params: EchoParams(value: 1), as: EchoResult.self)
        for _ in 0..<3 {
            await #expect(throws: RPCError.self) { _ = try await client.call("test.block", deadline: .milliseconds(200)) }
        }
        try await Task.sleep(for: .milliseconds(800))  // past the grace of every timed-out call
        let echo = try await client.call("test.echo", params: EchoParams(value: 2), as: EchoResult.self)
        #expect(echo.value == 2)
        #expect(proxy.counters.accepted == 1, "the connection was replaced: \(proxy.counters)")
        await client.shutdown()
        await proxy.stop()
        try await server.stop()
    }
}
