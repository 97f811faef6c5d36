import Foundation
import Synchronization
import Testing
import TillTestSupport
import TillWire

/// Request handling on real loopback sockets (`WIRE.md`, "Requests and responses").
@Suite("Server requests (live)")
struct ServerRequestLiveTests {
    /// A server and one authenticated raw connection.
    private func connected(
        router: RPCRouter = TestServer.router(),
        configure: (inout RPCServerConfiguration) -> Void = { _ in }
    ) async throws -> (TestServer, RawWireConnection) {
        let server = try await TestServer.start(router: router, configure: configure)
        let connection = try await RawWireConnection.connect(port: server.port)
        try await connection.authenticate()
        return (server, connection)
    }

    @Test("responses come back out of order, matched by id")
    func outOfOrder() async throws {
        let (server, connection) = try await connected()
        try await connection.send(#"{"id":1,"method":"test.echo","params":{"value":1,"sleep_ms":3000}}"#)
        try await connection.send(#"{"id":2,"method":"test.echo","params":{"value":2}}"#)
        let first = try await connection.receive()
        let second = try await connection.receive()
        #expect(first == ["id": 2, "result": ["value": 2, "client": "test-client"]])
        #expect(second?["id"] == 1)
        #expect(second?["result"]?["value"] == 1)
        await connection.close()
        try await server.stop()
    }

    @Test("the handler sees the request context")
    func context() async throws {
        let (server, connection) = try await connected()
        try await connection.send(
            #"{"id":9,"method":"test.context","idempotency_key":"saga_1:reserve","deadline_ms":5000,"trace_id":"4bf92f"}"#
        )
        let result = try #require(try await connection.receive()?["result"])
        #expect(result["method"] == "test.context")
        #expect(result["id"] == 9)
        #expect(result["client"] == "test-client")
        #expect(result["idempotency_key"] == "saga_1:reserve")
        #expect(result["trace_id"] == "4bf92f")
        let budget = try #require(result["budget_ms"]?.integerValue)
        #expect(budget > 0 && budget <= 5000)
        await connection.close()
        try await server.stop()
    }

    @Test("an unknown method gets unknown_method")
    func unknownMethod() async throws {
        let (server, connection) = try await connected()
        try await connection.send(#"{"id":3,"method":"test.nope"}"#)
        let response = try await connection.receive()
        #expect(response?["id"] == 3)
        #expect(response?["error"]?["code"] == "unknown_method")
        #expect(response?["error"]?["retriable"] == false)
        await connection.close()
        try await server.stop()
    }

    @Test("params that do not decode get bad_request naming the field")
    func badParams() async throws {
        let (server, connection) = try await connected()
        try await connection.send(
            #"{"id":4,"method":"test.order","params":{"order_id":"o1","items":[{"sku":"a","quantity":1},{"sku":"b","quantity":"two"}]}}"#
        )
        let response = try await connection.receive()
        #expect(response?["error"]?["code"] == "bad_request")
        #expect(response?["error"]?["details"]?["field"] == "items[1].quantity")
        try await connection.send(#"{"id":5,"method":"test.order","params":{"items":[]}}"#)
        #expect(try await connection.receive()?["error"]?["details"]?["field"] == "order_id")
        // The connection stays usable.
        try await connection.send(#"{"id":6,"method":"test.order","params":{"order_id":"o","items":[],"extra":true}}"#)
        #expect(try await connection.receive() == ["id": 6, "result": [:]])
        await connection.close()
        try await server.stop()
    }

    @Test("a handler's WireError is sent as it is; any other error is internal and leaks nothing")
    func handlerErrors() async throws {
        let (server, connection) = try await connected()
        try await connection.send(#"{"id":1,"method":"test.fail"}"#)
        let domain = try await connection.receive()
        #expect(
            domain?["error"]
                == ["code": "insufficient_stock", "message": "sku-7: 3 requested, 1 available", "retriable": false, "details": ["sku": "sku-7"]]
        )
        try await connection.send(#"{"id":2,"method":"test.crash","trace_id":"trace-77"}"#)
        let crash = try #require(try await connection.receive()?["error"])
        #expect(crash["code"] == "internal")
        let message = try #require(crash["message"]?.stringValue)
        #expect(!message.contains("Secret"))
        #expect(message.contains("trace-77"))
        await connection.close()
        try await server.stop()
    }

    @Test("a result above max_frame fails that request, not the connection")
    func oversizedResult() async throws {
        var router = RPCRouter()
        router.register("test.big") { (size: [String: Int], _: RPCContext) async throws -> [String: String] in
            ["blob": String(repeating: "x", count: size["size"] ?? 0)]
        }
        let (server, connection) = try await connected(router: router) { $0.maxFrame = 1024 }
        try await connection.send(#"{"id":1,"method":"test.big","params":{"size":2000}}"#)
        let refused = try await connection.receive()
        #expect(refused?["id"] == 1)
        #expect(refused?["error"]?["code"] == "internal")
        try await connection.send(#"{"id":2,"method":"test.big","params":{"size":100}}"#)
        #expect(try await connection.receive()?["result"]?["blob"]?.stringValue?.count == 100)
        await connection.close()
        try await server.stop()
    }

    @Test("a reused in-flight id gets bad_request on id; the first request is unaffected")
    func reusedID() async throws {
        let (server, connection) = try await connected()
        try await connection.send(#"{"id":5,"method":"test.echo","params":{"value":1,"sleep_ms":3000}}"#)
        try await connection.send(#"{"id":5,"method":"test.echo","params":{"value":2}}"#)
        let rejection = try await connection.receive()
        #expect(rejection?["id"] == 5)
        #expect(rejection?["error"]?["code"] == "bad_request")
        #expect(rejection?["error"]?["details"]?["field"] == "id")
        let original = try await connection.receive()
        #expect(original?["result"]?["value"] == 1)
        // Once answered, the id may be used again.
        try await connection.send(#"{"id":5,"method":"test.echo","params":{"value":3}}"#)
        #expect(try await connection.receive()?["result"]?["value"] == 3)
        await connection.close()
        try await server.stop()
    }

    @Test(
        "a request without a usable id gets bad_request with id null, then the connection closes",
        arguments: [#"{"method":"test.echo","params":{"value":1}}"#, #"{"id":"1","method":"test.echo"}"#, #"{"id":-3,"method":"test.echo"}"#]
    )
    func missingID(_ request: String) async throws {
        let (server, connection) = try await connected()
        try await connection.send(request)
        let frames = try await connection.receiveUntilClosed()
        #expect(frames.count == 1)
        #expect(frames.first?["id"] == .null)
        #expect(frames.first?["error"]?["code"] == "bad_request")
        try await server.stop()
    }

    @Test("invalid JSON or a non-object gets invalid_json, then the connection closes", arguments: ["{\"id\":1,", "[1,2]", "\"str\""])
    func invalidJSON(_ body: String) async throws {
        let (server, connection) = try await connected()
        try await connection.send(body)
        let frames = try await connection.receiveUntilClosed()
        #expect(frames.count == 1)
        #expect(frames.first?["id"] == .null)
        #expect(frames.first?["error"]?["code"] == "invalid_json")
        try await server.stop()
    }

    @Test("invalid UTF-8 gets invalid_json")
    func invalidUTF8() async throws {
        let (server, connection) = try await connected()
        try await connection.sendRaw(RawWireConnection.frame(Array(#"{"id":1,"method":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)))
        let frames = try await connection.receiveUntilClosed()
        #expect(frames.first?["error"]?["code"] == "invalid_json")
        try await server.stop()
    }

    @Test("an oversized length is answered at once, without waiting for (or reading) the body")
    func oversizedFrame() async throws {
        let (server, connection) = try await connected { $0.maxFrame = 4096 }
        // Announce 100 MiB and send none of it: the answer must not depend on the body.
        try await connection.sendRaw([0x06, 0x40, 0x00, 0x00])
        let frames = try await connection.receiveUntilClosed(timeout: .seconds(5))
        #expect(frames.count == 1)
        #expect(frames.first?["id"] == .null)
        #expect(frames.first?["error"]?["code"] == "frame_too_large")
        #expect(frames.first?["error"]?["details"]?["max_frame"] == 4096)
        try await server.stop()
    }

    @Test("a zero length gets invalid_json")
    func emptyFrame() async throws {
        let (server, connection) = try await connected()
        try await connection.sendRaw([0, 0, 0, 0])
        let frames = try await connection.receiveUntilClosed()
        #expect(frames.first?["error"]?["code"] == "invalid_json")
        try await server.stop()
    }

    @Test("a bad peer does not disturb another connection")
    func badPeerIsolation() async throws {
        let (server, good) = try await connected()
        try await good.send(#"{"id":1,"method":"test.echo","params":{"value":1,"sleep_ms":300}}"#)
        let bad = try await RawWireConnection.connect(port: server.port)
        try await bad.authenticate()
        try await bad.sendRaw([0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x02])
        #expect(await bad.isClosedByServer())
        #expect(try await good.receive()?["result"]?["value"] == 1)
        try await good.send(#"{"id":2,"method":"test.echo","params":{"value":2}}"#)
        #expect(try await good.receive()?["result"]?["value"] == 2)
        await good.close()
        try await server.stop()
    }

    @Test("a deadline that passes answers deadline_exceeded and cancels the handler")
    func deadline() async throws {
        let cancelled = Mutex(false)
        var router = RPCRouter()
        router.register("test.slow") { (_: Empty, _: RPCContext) async throws -> Empty in
            do {
                try await Task.sleep(for: .seconds(60))
            } catch {
                cancelled.withLock { $0 = true }
                throw error
            }
            return Empty()
        }
        let (server, connection) = try await connected(router: router)
        let started = ContinuousClock.now
        try await connection.send(#"{"id":1,"method":"test.slow","deadline_ms":150}"#)
        let response = try await connection.receive()
        #expect(ContinuousClock.now - started >= .milliseconds(140))
        #expect(response?["id"] == 1)
        #expect(response?["error"]?["code"] == "deadline_exceeded")
        #expect(response?["error"]?["retriable"] == true)
        var observed = false
        for _ in 0..<100 where !observed {
            observed = cancelled.withLock { $0 }
            if !observed { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(observed, "the handler task was cancelled")
        try await connection.send(#"{"id":2,"method":"test.slow","deadline_ms":0}"#)
        #expect(try await connection.receive()?["error"]?["code"] == "deadline_exceeded")
        await connection.close()
        try await server.stop()
    }

    @Test("each request expires at its own deadline, also one that arrives later with a shorter budget")
    func deadlinesOutOfOrder() async throws {
        let (server, connection) = try await connected()
        let started = ContinuousClock.now
        // The connection's one deadline timer waits for id 1 first, then must move up for id 2,
        // and after id 2 must wait again for id 1; id 3 finishes first and leaves nothing behind.
        try await connection.send(#"{"id":1,"method":"test.block","deadline_ms":1500}"#)
        try await connection.send(#"{"id":2,"method":"test.block","deadline_ms":200}"#)
        try await connection.send(#"{"id":3,"method":"test.echo","params":{"value":3},"deadline_ms":1000}"#)
        var responses: [UInt64: JSONValue] = [:]
        var order: [UInt64] = []
        for _ in 0..<3 {
            let response = try #require(try await connection.receive())
            let id = try #require(response["id"]?.integerValue)
            responses[UInt64(id)] = response
            order.append(UInt64(id))
        }
        #expect(responses[3]?["result"]?["value"] == 3)
        #expect(responses[2]?["error"]?["code"] == "deadline_exceeded")
        #expect(responses[1]?["error"]?["code"] == "deadline_exceeded")
        #expect(order.firstIndex(of: 2) ?? 3 < order.firstIndex(of: 1) ?? 0, "the shorter budget expired first")
        #expect(ContinuousClock.now - started >= .milliseconds(1_400))
        await connection.close()
        try await server.stop()
    }

    @Test("requests beyond the per-connection limit get overloaded (retriable)")
    func perConnectionOverload() async throws {
        let (server, connection) = try await connected { $0.maxInFlightPerConnection = 2 }
        // Deadlines long enough that the two blocking requests still hold their places on a slow machine.
        try await connection.send(#"{"id":1,"method":"test.block","deadline_ms":5000}"#)
        try await connection.send(#"{"id":2,"method":"test.block","deadline_ms":5000}"#)
        try await connection.send(#"{"id":3,"method":"test.echo","params":{"value":3}}"#)
        let overloaded = try await connection.receive()
        #expect(overloaded?["id"] == 3)
        #expect(overloaded?["error"]?["code"] == "overloaded")
        #expect(overloaded?["error"]?["retriable"] == true)
        let later = [try await connection.receive(), try await connection.receive()]
        #expect(Set(later.compactMap { $0?["id"]?.integerValue }) == [1, 2])
        // Capacity is back once those are answered.
        try await connection.send(#"{"id":4,"method":"test.echo","params":{"value":4}}"#)
        #expect(try await connection.receive()?["result"]?["value"] == 4)
        await connection.close()
        try await server.stop()
    }

    @Test("requests beyond the server-wide limit get overloaded on any connection")
    func totalOverload() async throws {
        let (server, first) = try await connected {
            $0.maxInFlightTotal = 2
            $0.drainTimeout = .milliseconds(200)
        }
        let second = try await RawWireConnection.connect(port: server.port)
        try await second.authenticate()
        try await first.send(#"{"id":1,"method":"test.block","deadline_ms":10000}"#)
        try await second.send(#"{"id":1,"method":"test.block","deadline_ms":10000}"#)
        try await Task.sleep(for: .milliseconds(100))
        try await second.send(#"{"id":2,"method":"test.echo","params":{"value":2}}"#)
        let response = try await second.receive()
        #expect(response?["id"] == 2)
        #expect(response?["error"]?["code"] == "overloaded")
        await first.close()
        await second.close()
        try await server.stop()
    }

    @Test("after the peer half-closes, in-flight responses are sent, then the connection closes")
    func halfClose() async throws {
        let (server, connection) = try await connected()
        try await connection.send(#"{"id":1,"method":"test.echo","params":{"value":1,"sleep_ms":200}}"#)
        try await connection.send(#"{"id":2,"method":"test.echo","params":{"value":2,"sleep_ms":100}}"#)
        try await connection.halfClose()
        let frames = try await connection.receiveUntilClosed()
        #expect(Set(frames.compactMap { $0["result"]?["value"]?.integerValue }) == [1, 2])
        try await server.stop()
    }

    @Test("an idle connection is closed after the idle timeout")
    func idleTimeout() async throws {
        let (server, connection) = try await connected { $0.idleTimeout = .milliseconds(200) }
        #expect(await connection.isClosedByServer(timeout: .seconds(10)))
        try await server.stop()
    }
}
