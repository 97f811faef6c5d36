import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TillGatewayHTTP
import TillPayments
import TillWire

/// Builds the simulator's HTTP answers: JSON bodies with sorted keys, so a replayed answer is
/// byte-for-byte the first one.
enum GatewayResponses {
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        if let convertible = value as? any JSONValueConvertible {
            // Sorted keys as well, without `JSONEncoder` (the authorization's answer).
            return Response(
                status: status, headers: jsonHeaders, body: ResponseBody(byteBuffer: ByteBuffer(bytes: CanonicalJSON.encode(convertible.jsonValue)))
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else {
            return error(status: 500, ErrorBody(code: "internal", message: "answer could not be encoded"))
        }
        return Response(status: status, headers: jsonHeaders, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(status: Int, _ body: ErrorBody) -> Response {
        json(ErrorEnvelope(error: body), status: HTTPResponse.Status(code: status))
    }

    static func outcome(_ outcome: GatewayOutcome) -> Response {
        switch outcome {
        case .authorized(let body): json(body)
        case .payment(let body): json(body)
        case .refunded(let body): json(body)
        case .failure(let status, let body): error(status: status, body)
        }
    }

    static func badRequest(field: String, _ message: String) -> Response {
        outcome(.badRequest(field: field, message))
    }

    /// One JSON object per line; `nextCursor`, if any, in the `Next-Cursor` header.
    static func jsonLines(_ rows: [some Encodable], nextCursor: String?) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var buffer = ByteBuffer()
        for row in rows {
            guard let data = try? encoder.encode(row) else { continue }
            buffer.writeBytes(data)
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
        var headers = HTTPFields()
        headers[.contentType] = GatewayAPI.reportContentType
        headers[.cacheControl] = "no-store"
        if let nextCursor { headers[nextCursorField] = nextCursor }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    static let idempotencyKeyField = fieldName(GatewayAPI.idempotencyKeyHeader)
    static let nextCursorField = fieldName(GatewayAPI.nextCursorHeader)

    private static func fieldName(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("\(name) is a valid header name") }
        return field
    }

    private static let jsonHeaders: HTTPFields = {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return headers
    }()
}
