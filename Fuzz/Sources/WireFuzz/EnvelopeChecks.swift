import Foundation
import NIOCore
@testable import TillWire

/// The envelope readers called directly on one frame body, and the JSON value round trip.
///
/// The server scenario only reaches a reader when the framing and the connection's phase allow it;
/// here every reader sees every body, including the client's (``ResponseEnvelope``, ``Welcome``).
enum EnvelopeChecks {
    static let decoder = JSONDecoder()
    static let verifier = HandshakeVerifier(keyRing: FuzzKeys.ring, unixTime: { FuzzKeys.now })

    static func run(_ body: [UInt8]) {
        readEnvelope(ByteBuffer(bytes: body))
        // Spans are buffer indices: read once more from a buffer whose reader index is not 0.
        var shifted = ByteBuffer(bytes: [0x7B, 0x7D] + body)
        shifted.moveReaderIndex(forwardBy: 2)
        readEnvelope(shifted)
        roundTrip(body)
    }

    private static func readEnvelope(_ buffer: ByteBuffer) {
        guard let frame = try? ParsedFrame(buffer) else { return }
        if let hello = try? Hello(frame) {
            _ = verifier.verify(hello)
            // What a client sends must read back as the same hello.
            FuzzInvariant.check((try? Hello(ParsedFrame(hello.encoded()))) == hello, "a hello does not survive encoding")
        }
        if let welcome = Welcome(frame) {
            FuzzInvariant.check((try? ParsedFrame(welcome.encoded())).flatMap { Welcome($0) } == welcome, "a welcome does not survive encoding")
        }
        if let id = RequestHeader.id(of: frame) {
            _ = try? RequestHeader(id: id, frame: frame)
        }
        _ = ResponseEnvelope(frame, decoder: decoder)

        let spans = [
            frame.type, frame.id, frame.method, frame.params, frame.idempotencyKey, frame.deadlineMS, frame.traceID,
            frame.version, frame.client, frame.ts, frame.nonce, frame.mac, frame.result, frame.error, frame.server,
            frame.maxFrame,
        ]
        for case let span? in spans {
            FuzzInvariant.check(
                span.range.lowerBound >= buffer.readerIndex && span.range.upperBound <= buffer.writerIndex,
                "a span outside the frame: \(span) in \(buffer.readerIndex)..<\(buffer.writerIndex)"
            )
            _ = frame.string(span)
            _ = frame.integer(span)
            _ = frame.unsignedInteger(span)
            if span.kind == .object || span.kind == .array {
                _ = try? JSONValueParser.parse(frame.slice(span))
            }
        }
    }

    /// A value `JSONValueParser` reads must be written back (`writeJSONValue`) as JSON that reads as
    /// the same value, in the same bytes the second time, and that `JSONScanner` accepts in a frame.
    private static func roundTrip(_ body: [UInt8]) {
        let parsed: JSONValue? = body.withUnsafeBytes { bytes in try? JSONValueParser.parse(bytes) }
        guard let value = parsed else { return }
        var encoded = ByteBuffer()
        encoded.writeJSONValue(value)
        let text = String(buffer: encoded)
        guard let again = try? JSONValueParser.parse(encoded) else {
            preconditionFailure("fuzz invariant violated: written JSON does not parse: \(text)")
        }
        FuzzInvariant.check(again == value, "a JSON value changed in a round trip: \(text)")
        var encodedAgain = ByteBuffer()
        encodedAgain.writeJSONValue(again)
        FuzzInvariant.check(encodedAgain == encoded, "JSON written twice differs: \(text)")

        var frame = ByteBuffer(string: #"{"result":"#)
        frame.writeBuffer(&encoded)
        frame.writeString("}")
        FuzzInvariant.check((try? ParsedFrame(frame)) != nil, "the scanner refuses written JSON: \(text)")
    }
}
