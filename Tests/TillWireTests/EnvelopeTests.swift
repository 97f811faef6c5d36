import Foundation
import NIOCore
import Testing

@testable import TillWire

@Suite("Envelopes")
struct EnvelopeTests {
    private func frame(_ json: String) throws -> ParsedFrame {
        try ParsedFrame(ByteBuffer(string: json))
    }

    @Test("a request's header fields are read and validated")
    func requestHeader() throws {
        let parsed = try frame(
            #"{"id":42,"method":"inventory.reserve","params":{"a":1},"idempotency_key":"saga_1:reserve","deadline_ms":2000,"trace_id":"4bf92f","extra":[1]}"#
        )
        let id = try #require(RequestHeader.id(of: parsed))
        let header = try RequestHeader(id: id, frame: parsed)
        #expect(header.id == 42)
        #expect(header.method == "inventory.reserve")
        #expect(header.idempotencyKey == "saga_1:reserve")
        #expect(header.deadlineMS == 2000)
        #expect(header.traceID == "4bf92f")
        let params = try #require(header.params)
        #expect(String(buffer: parsed.slice(params)) == #"{"a":1}"#)
    }

    @Test("absent or null params mean {}")
    func absentParams() throws {
        for json in [#"{"id":1,"method":"a.b"}"#, #"{"id":1,"method":"a.b","params":null}"#] {
            let header = try RequestHeader(id: 1, frame: try frame(json))
            #expect(header.params == nil)
        }
    }

    @Test(
        "unusable ids",
        arguments: [
            #"{"method":"a.b"}"#, #"{"id":null,"method":"a.b"}"#, #"{"id":-1,"method":"a.b"}"#,
            #"{"id":1.5,"method":"a.b"}"#, #"{"id":"7","method":"a.b"}"#, #"{"id":1e3,"method":"a.b"}"#,
            #"{"id":18446744073709551616,"method":"a.b"}"#,
        ]
    )
    func unusableIDs(_ json: String) throws {
        #expect(RequestHeader.id(of: try frame(json)) == nil)
    }

    @Test(
        "invalid header fields name the field",
        arguments: [
            (#"{"id":1}"#, "method"),
            (#"{"id":1,"method":7}"#, "method"),
            (#"{"id":1,"method":""}"#, "method"),
            (#"{"id":1,"method":"a.b","params":[1]}"#, "params"),
            (#"{"id":1,"method":"a.b","params":"x"}"#, "params"),
            (#"{"id":1,"method":"a.b","idempotency_key":""}"#, "idempotency_key"),
            (#"{"id":1,"method":"a.b","idempotency_key":7}"#, "idempotency_key"),
            (#"{"id":1,"method":"a.b","deadline_ms":-5}"#, "deadline_ms"),
            (#"{"id":1,"method":"a.b","deadline_ms":1.5}"#, "deadline_ms"),
            (#"{"id":1,"method":"a.b","trace_id":"has space"}"#, "trace_id"),
        ]
    )
    func invalidFields(_ json: String, field: String) throws {
        let parsed = try frame(json)
        do {
            _ = try RequestHeader(id: 1, frame: parsed)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.code == .badRequest)
            #expect(error.details?["field"]?.stringValue == field)
        }
    }

    @Test("idempotency keys of 1 to 255 characters are accepted")
    func idempotencyKeyLength() throws {
        let longest = String(repeating: "k", count: 255)
        let header = try RequestHeader(id: 1, frame: try frame(#"{"id":1,"method":"a.b","idempotency_key":"\#(longest)"}"#))
        #expect(header.idempotencyKey == longest)
        let tooLong = String(repeating: "k", count: 256)
        #expect(throws: WireError.self) {
            try RequestHeader(id: 1, frame: try frame(#"{"id":1,"method":"a.b","idempotency_key":"\#(tooLong)"}"#))
        }
    }

    @Test("hello round trip")
    func hello() throws {
        let hello = Hello(client: "orchestrator-1", ts: 1_764_000_000, nonce: "9f1c9f1c9f1c9f1c", mac: "ab")
        let parsed = try Hello(try ParsedFrame(hello.encoded()))
        #expect(parsed == hello)
    }

    @Test("a first frame that is not a hello, or a bad version, is refused")
    func badHellos() throws {
        let notHello = try frame(#"{"id":1,"method":"a.b"}"#)
        #expect(throws: WireError(.unauthenticated, "the first frame must be a hello")) { try Hello(notHello) }
        let version2 = try frame(#"{"type":"hello","version":2,"client":"c","ts":1,"nonce":"n","mac":"m"}"#)
        do {
            _ = try Hello(version2)
            Issue.record("accepted version 2")
        } catch {
            #expect(error.code == .unsupportedVersion)
        }
        let missingMAC = try frame(#"{"type":"hello","version":1,"client":"c","ts":1,"nonce":"n"}"#)
        do {
            _ = try Hello(missingMAC)
            Issue.record("accepted a hello without mac")
        } catch {
            #expect(error.code == .unauthenticated)
        }
    }

    @Test("welcome round trip")
    func welcome() throws {
        let welcome = Welcome(server: "inventory-1", maxFrame: 1_048_576)
        #expect(String(buffer: welcome.encoded()) == #"{"type":"welcome","version":1,"server":"inventory-1","max_frame":1048576}"#)
        #expect(Welcome(try ParsedFrame(welcome.encoded())) == welcome)
    }

    @Test("responses are written and read back")
    func responses() throws {
        let success = Envelope.success(id: 7, resultJSON: Array(#"{"ok":true}"#.utf8))
        #expect(String(buffer: success) == #"{"id":7,"result":{"ok":true}}"#)
        let decoder = JSONDecoder()
        let read = try #require(ResponseEnvelope(try ParsedFrame(success), decoder: decoder))
        #expect(read.id == 7)
        guard case .result(let json) = read.outcome else {
            Issue.record("expected a result")
            return
        }
        #expect(String(buffer: json) == #"{"ok":true}"#)

        let error = WireError(WireErrorCode("insufficient_stock"), "sku \"7\"", details: ["sku": "7"])
        let failure = Envelope.failure(id: nil, error)
        #expect(
            String(buffer: failure)
                == #"{"id":null,"error":{"code":"insufficient_stock","message":"sku \"7\"","retriable":false,"details":{"sku":"7"}}}"#
        )
        let readError = try #require(ResponseEnvelope(try ParsedFrame(failure), decoder: decoder))
        #expect(readError.id == nil)
        guard case .error(let decoded) = readError.outcome else {
            Issue.record("expected an error")
            return
        }
        #expect(decoded == error)
    }

    @Test("requests are written as the envelope WIRE.md shows")
    func requests() throws {
        let request = Envelope.request(
            id: 42,
            method: "inventory.reserve",
            paramsJSON: Array(#"{"a":1}"#.utf8),
            idempotencyKey: "k",
            deadlineMS: 2000,
            traceID: "t"
        )
        #expect(
            String(buffer: request)
                == #"{"id":42,"method":"inventory.reserve","params":{"a":1},"idempotency_key":"k","deadline_ms":2000,"trace_id":"t"}"#
        )
        let minimal = Envelope.request(id: 1, method: "a.b", paramsJSON: Array("{}".utf8), idempotencyKey: nil, deadlineMS: nil, traceID: nil)
        #expect(String(buffer: minimal) == #"{"id":1,"method":"a.b","params":{}}"#)
    }

    @Test("decoding errors become bad_request with the JSON path of the field")
    func decodingErrorPaths() throws {
        let codec = RPCCodec()
        func failure(_ json: String) -> WireError? {
            do throws(WireError) {
                let _: OrderParams = try codec.decodeParams(from: ByteBuffer(string: json))
                return nil
            } catch {
                return error
            }
        }
        let cases: [(String, String)] = [
            (#"{"items":[]}"#, "order_id"),
            (#"{"order_id":7,"items":[]}"#, "order_id"),
            (#"{"order_id":"o","items":[{"sku":"a","quantity":1},{"sku":"b","quantity":"2"}]}"#, "items[1].quantity"),
            (#"{"order_id":"o","items":[{"sku":"a"}]}"#, "items[0].quantity"),
            (#"{"order_id":"o","items":[{"sku":null,"quantity":1}]}"#, "items[0].sku"),
            (#"{"order_id":"o","items":{}}"#, "items"),
        ]
        for (json, field) in cases {
            let error = try #require(failure(json), "\(json) decoded")
            #expect(error.code == .badRequest)
            #expect(error.details?["field"]?.stringValue == field, "\(json): \(error.message)")
        }
        #expect(failure(#"{"order_id":"o","items":[],"unknown":{"x":1}}"#) == nil, "unknown fields are ignored")
    }
}
