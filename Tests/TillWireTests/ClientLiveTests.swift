import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing
import TillTestSupport
import TillWire

/// `RPCClient` against real servers on loopback sockets.
@Suite("Client (live)")
struct ClientLiveTests {
    @Test("typed and untyped calls")
    func calls() async throws {
        let server = try await TestServer.start()
        let client = RPCClient.test(ports: [server.port])
        let echo = try await client.call("test.echo", params: EchoParams(value: 7), as: EchoResult.self, traceID: "t-1")
        #expect(echo == EchoResult(value: 7, client: "test-client", traceID: "t-1"))
        let untyped = try await client.call("checkout.start", params: ["order_id": "o1", "n": 2])
        #expect(untyped == ["order_id": "o1", "n": 2])
        let context = try await client.call("test.context", idempotencyKey: "idem-1", deadline: .seconds(3))
        #expect(context["idempotency_key"] == "idem-1")
        #expect((1...3000).contains(context["budget_ms"]?.integerValue ?? 0))
        await client.shutdown()
        try await server.stop()
    }

    @Test("10,000 concurrent calls on one connection are multiplexed and matched")
    func multiplexing() async throws {
        // Own event loops, so this heavy test cannot starve the handshakes of tests running alongside.
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let server = try await TestServer.start { $0.eventLoopGroup = loops }
        let client = RPCClient.test(ports: [server.port]) {
            $0.connectionsPerAddress = 1
            $0.eventLoopGroup = loops
        }
        let mismatches = try await withThrowingTaskGroup(of: Bool.self) { group in
            for value in 0..<10_000 {
                group.addTask {
                    let result = try await client.call(
                        "test.echo",
                        params: EchoParams(value: value, sleepMS: Int.random(in: 1...5)),
                        as: EchoResult.self,
                        deadline: .seconds(60)
                    )
                    return result.value == value
                }
            }
            var mismatches = 0
            for try await matched in group where !matched { mismatches += 1 }
            return mismatches
        }
        #expect(mismatches == 0)
        #expect(server.server.connectionCount == 1, "all calls shared one connection")
        await client.shutdown()
        try await server.stop()
        try await loops.shutdownGracefully()
    }

    @Test("server errors carry code, retriable, details and source")
    func serverErrors() async throws {
        let server = try await TestServer.start()
        let client = RPCClient.test(ports: [server.port])
        do {
            _ = try await client.call("test.fail")
            Issue.record("test.fail succeeded")
        } catch {
            #expect(error.code == WireErrorCode("insufficient_stock"))
            #expect(error.source == .server)
            #expect(error.retriable == false)
            #expect(error.details == ["sku": "sku-7"])
        }
        do {
            _ = try await client.call("test.order", params: ["order_id": "o", "items": [["sku": "a"]]])
            Issue.record("bad params accepted")
        } catch {
            #expect(error.code == .badRequest)
            #expect(error.details?["field"] == "items[0].quantity")
        }
        await client.shutdown()
        try await server.stop()
    }

    @Test("a call past its deadline fails locally with deadline_exceeded")
    func deadline() async throws {
        let server = try await TestServer.start()
        let client = RPCClient.test(ports: [server.port])
        let started = ContinuousClock.now
        do {
            _ = try await client.call("test.block", deadline: .milliseconds(200))
            Issue.record("test.block returned")
        } catch {
            #expect(error.code == .deadlineExceeded)
            #expect(error.retriable)
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        // The connection is still fine.
        #expect(try await client.call("test.echo", params: EchoParams(value: 1), as: EchoResult.self).value == 1)
        await client.shutdown()
        try await server.stop()
    }

    @Test("a cancelled call returns at once")
    func cancellation() async throws {
        let server = try await TestServer.start()
        let client = RPCClient.test(ports: [server.port])
        _ = try await client.call("test.echo", params: EchoParams(value: 1), as: EchoResult.self)
        // The short budget also ends the server's side: a closed socket reads as a half-close there,
        // and a half-closed connection finishes its requests before closing.
        let call = Task { try await client.call("test.block", deadline: .seconds(1)) }
        try await Task.sleep(for: .milliseconds(100))
        call.cancel()
        let result = await call.result
        guard case .failure(let error) = result, let rpcError = error as? RPCError else {
            Issue.record("a cancelled call did not fail with an RPCError")
            return
        }
        #expect(rpcError.code == RPCError.cancelledCode)
        await client.shutdown()
        try await server.stop()
    }

    @Test("with no replica reachable a call fails with retriable unavailable")
    func unreachable() async throws {
        let client = RPCClient.test(ports: [FreePort.next()])
        do {
            _ = try await client.call("test.echo", params: EchoParams(value: 1), as: EchoResult.self)
            Issue.record("a call to nowhere succeeded")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.retriable)
            #expect(error.source == .transport)
        }
        await client.shutdown()
    }

    @Test("calls fail over to a replica that answers")
    func failover() async throws {
        let server = try await TestServer.start()
        let client = RPCClient.test(ports: [FreePort.next(), server.port])
        for value in 0..<20 {
            let result = try await client.call("test.echo", params: EchoParams(value: value), as: EchoResult.self)
            #expect(result.value == value)
        }
        await client.shutdown()
        try await server.stop()
    }

    @Test("the client reconnects after the server restarts")
    func reconnect() async throws {
        let first = try await TestServer.start()
        let port = first.port
        let client = RPCClient.test(ports: [port])
        #expect(try await client.call("test.echo", params: EchoParams(value: 1), as: EchoResult.self).value == 1)
        try await first.stop()

        do {
            _ = try await client.call("test.echo", params: EchoParams(value: 2), as: EchoResult.self)
            Issue.record("a call succeeded with the server down")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.retriable)
        }

        let second = try await TestServer.start(port: port)
        var answered: Int?
        let deadline = ContinuousClock.now + .seconds(15)
        while answered == nil, ContinuousClock.now < deadline {
            do {
                answered = try await client.call("test.echo", params: EchoParams(value: 3), as: EchoResult.self).value
            } catch {
                #expect(error.retriable, "only retriable errors while the server comes back: \(error)")
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(answered == 3)
        await client.shutdown()
        try await second.stop()
    }

    @Test("a refused hello surfaces the server's error")
    func wrongKey() async throws {
        let server = try await TestServer.start()
        let client = RPCClient.test(ports: [server.port], key: "definitely-not-the-right-key")
        do {
            _ = try await client.call("test.echo", params: EchoParams(value: 1), as: EchoResult.self)
            Issue.record("authenticated with a wrong key")
        } catch {
            #expect(error.code == .unauthenticated)
            #expect(error.source == .server)
        }
        await client.shutdown()
        try await server.stop()
    }

    @Test("a request above the server's max_frame is refused locally")
    func oversizedRequest() async throws {
        let server = try await TestServer.start { $0.maxFrame = 1024 }
        let client = RPCClient.test(ports: [server.port])
        do {
            _ = try await client.call("checkout.start", params: ["blob": .string(String(repeating: "x", count: 2000))])
            Issue.record("sent an oversized frame")
        } catch {
            #expect(error.code == .frameTooLarge)
            #expect(error.source == .local)
        }
        #expect(try await client.call("checkout.start", params: ["small": 1]) == ["small": 1])
        await client.shutdown()
        try await server.stop()
    }

    @Test("a result that does not decode is a local error")
    func undecodableResult() async throws {
        let server = try await TestServer.start()
        let client = RPCClient.test(ports: [server.port])
        do {
            _ = try await client.call("checkout.start", params: ["value": "text"], as: EchoResult.self)
            Issue.record("decoded a mismatched result")
        } catch {
            #expect(error.source == .local)
            #expect(error.code == .internal)
        }
        await client.shutdown()
        try await server.stop()
    }

    @Test("after shutdown, calls fail with unavailable")
    func clientShutdown() async throws {
        let started = AsyncStream.makeStream(of: Void.self)
        var router = TestServer.router()
        router.register("test.gate") { (_: Empty, _: RPCContext) async throws -> EchoResult in
            started.continuation.yield()
            try await Task.sleep(for: .milliseconds(300))
            return EchoResult(value: 1)
        }
        let server = try await TestServer.start(router: router)
        let client = RPCClient.test(ports: [server.port])
        let slow = Task { try await client.call("test.gate", params: Empty(), as: EchoResult.self) }
        for await _ in started.stream { break }
        await client.shutdown()
        #expect(try await slow.value.value == 1, "a call in flight finishes during shutdown")
        do {
            _ = try await client.call("test.echo", params: EchoParams(value: 2), as: EchoResult.self)
            Issue.record("a call succeeded after shutdown")
        } catch {
            #expect(error.code == .unavailable)
        }
        try await server.stop()
    }
}
