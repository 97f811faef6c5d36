import Foundation
import Logging
import NIOCore
import NIOFoundationCompat

/// A registered method with its types erased: raw params in, a complete response frame body out.
struct RPCMethod: Sendable {
    /// What a method produced: the frame to send, and the error code for metrics (`nil` on success).
    struct Outcome: Sendable {
        var frame: ByteBuffer
        var code: WireErrorCode?
    }

    let name: String
    let respond: @Sendable (_ id: UInt64, _ params: ByteBuffer?, _ context: RPCContext, _ codec: RPCCodec) async -> Outcome

    init<Params: Decodable & Sendable, Result: Encodable & Sendable>(
        name: String,
        handler: @escaping @Sendable (Params, RPCContext) async throws -> Result
    ) {
        self.name = name
        self.respond = { id, params, context, codec in
            do {
                let decoded: Params = try codec.decodeParams(from: params)
                let result = try await handler(decoded, context)
                return Outcome(frame: try codec.encodeSuccess(id: id, result: result), code: nil)
            } catch {
                let wire = Self.wireError(for: error, context: context)
                return Outcome(frame: Envelope.failure(id: id, wire), code: wire.code)
            }
        }
    }

    /// Maps whatever a handler threw to the error the caller sees; internals are logged, never sent.
    private static func wireError(for error: any Error, context: RPCContext) -> WireError {
        switch error {
        case let convertible as any WireErrorConvertible:
            return convertible.wireError
        case is CancellationError where context.isPastDeadline:
            return WireError(.deadlineExceeded, "the request's deadline passed")
        case is CancellationError:
            return WireError(.unavailable, "the request was cancelled")
        case let encoding as EncodingError:
            context.logger.error(
                "rpc result could not be encoded",
                metadata: ["error": "\(encoding)"]
            )
            return WireError(.internal, "internal error; see the server log for trace \(context.traceID ?? "-")")
        default:
            context.logger.error(
                "rpc handler failed",
                metadata: ["error.type": "\(type(of: error))", "error": "\(error)"]
            )
            return WireError(.internal, "internal error; see the server log for trace \(context.traceID ?? "-")")
        }
    }
}

/// The JSON coders a server (or client) shares across requests.
struct RPCCodec: Sendable {
    let decoder = JSONDecoder()
    let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    private static let emptyObject = ByteBuffer(string: "{}")

    /// Decodes `params` (absent means `{}`); a failure is a `bad_request` naming the field.
    func decodeParams<Params: Decodable>(from params: ByteBuffer?) throws(WireError) -> Params {
        if Params.self == Empty.self, let empty = Empty() as? Params { return empty }
        if let type = Params.self as? any JSONValueDecodable.Type,
           let json = try? JSONValueParser.parse(params ?? Self.emptyObject),
           let value = type.init(jsonValue: json) as? Params
        {
            return value
        }
        if Params.self == JSONValue.self {
            let json = params ?? Self.emptyObject
            guard let value = try? JSONValueParser.parse(json) as? Params else {
                throw .badRequest(field: "params", "params could not be decoded")
            }
            return value
        }
        do {
            return try decoder.decode(Params.self, from: params ?? Self.emptyObject)
        } catch let error as DecodingError {
            throw .badRequest(decoding: error)
        } catch {
            throw .badRequest(field: "params", "params could not be decoded")
        }
    }

    /// `{"id":N,"result":…}` for `result`.
    func encodeSuccess<Result: Encodable>(id: UInt64, result: Result) throws -> ByteBuffer {
        if Result.self == Empty.self {
            return Envelope.success(id: id, resultJSON: "{}".utf8)
        }
        if Result.self == JSONValue.self, let value = result as? JSONValue {
            var json = Envelope.allocator.buffer(capacity: 64)
            json.writeJSONValue(value)
            return Envelope.success(id: id, resultJSON: json.readableBytesView)
        }
        if let convertible = result as? any JSONValueConvertible {
            var json = Envelope.allocator.buffer(capacity: 128)
            json.writeJSONValue(convertible.jsonValue)
            return Envelope.success(id: id, resultJSON: json.readableBytesView)
        }
        return Envelope.success(id: id, resultJSON: try encoder.encode(result))
    }

    /// The JSON of `params` for a request.
    func encodeParams<Params: Encodable>(_ params: Params) throws -> Data {
        if Params.self == Empty.self { return Data("{}".utf8) }
        if Params.self == JSONValue.self, let value = params as? JSONValue {
            var json = Envelope.allocator.buffer(capacity: 64)
            json.writeJSONValue(value)
            return Data(json.readableBytesView)
        }
        return try encoder.encode(params)
    }

    /// Decodes a response's `result`.
    func decodeResult<Result: Decodable>(_ type: Result.Type, from json: ByteBuffer) throws -> Result {
        if Result.self == Empty.self, let empty = Empty() as? Result { return empty }
        if Result.self == JSONValue.self, let value = try JSONValueParser.parse(json) as? Result {
            return value
        }
        return try decoder.decode(Result.self, from: json)
    }
}
