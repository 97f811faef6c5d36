import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import TillPayments
import TillWire

/// One HTTP exchange per call, and the mapping of its failures to ``PaymentError``.
extension HTTPGateway {
    /// The largest answer read: a full settlement report page is a few MiB at most.
    static let maximumAnswerBytes = 32 * 1024 * 1024

    func post<Body: Encodable, Answer: Decodable>(
        _ path: String, _ body: Body, key: String, operation: String
    ) async throws(PaymentError) -> Answer {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: GatewayAPI.idempotencyKeyHeader, value: key)
        if let convertible = body as? any JSONValueConvertible {
            request.body = .bytes(ByteBuffer(bytes: CanonicalJSON.encode(convertible.jsonValue)))
        } else {
            do {
                request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
            } catch {
                throw .internal("\(operation) request could not be encoded", underlying: error)
            }
        }
        let answer = try await exchange(request, operation: operation)
        return try decode(answer.body, operation: operation)
    }

    func get<Answer: Decodable>(_ path: String, operation: String) async throws(PaymentError) -> Answer {
        let answer = try await exchange(HTTPClientRequest(url: configuration.baseURL + path), operation: operation)
        return try decode(answer.body, operation: operation)
    }

    /// A JSON-lines answer decoded line by line, and its `Next-Cursor` header.
    func getLines(_ path: String, operation: String) async throws(PaymentError) -> ([ReconciliationRecord], String?) {
        let answer = try await exchange(HTTPClientRequest(url: configuration.baseURL + path), operation: operation)
        let decoder = JSONDecoder()
        var records: [ReconciliationRecord] = []
        let bytes = answer.body.readableBytesView
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            if end > start {
                do {
                    records.append(try decoder.decode(ReconciliationRecord.self, from: Data(bytes[start..<end])))
                } catch {
                    throw .internal("\(operation) answer has a malformed line", underlying: error)
                }
            }
            start = end < bytes.endIndex ? bytes.index(after: end) : end
        }
        let cursor = answer.headers.first(name: GatewayAPI.nextCursorHeader).flatMap { $0.isEmpty ? nil : $0 }
        return (records, cursor)
    }

    /// Sends `request`; a 2xx answer is returned, anything else thrown as a ``PaymentError``.
    private func exchange(_ request: HTTPClientRequest, operation: String) async throws(PaymentError) -> (headers: HTTPHeaders, body: ByteBuffer) {
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: ByteBuffer
        do {
            let response = try await client.execute(request, timeout: TimeAmount(configuration.requestTimeout), logger: clientLogger)
            status = response.status
            headers = response.headers
            body = try await response.body.collect(upTo: Self.maximumAnswerBytes)
        } catch {
            let failure = Self.transportFailure(error, operation: operation)
            logger.debug("Gateway call failed", metadata: ["gateway.operation": "\(operation)", "error.code": "\(failure.code)"])
            throw failure
        }
        guard (200..<300).contains(status.code) else {
            let failure = Self.refusal(status: Int(status.code), body: body, operation: operation)
            logger.debug(
                "Gateway refused call",
                metadata: ["gateway.operation": "\(operation)", "http.status": "\(status.code)", "error.code": "\(failure.code)"]
            )
            throw failure
        }
        return (headers, body)
    }

    private func decode<Answer: Decodable>(_ body: ByteBuffer, operation: String) throws(PaymentError) -> Answer {
        // The authorization's answer has a one-pass reader; anything it does not recognise is
        // left to `JSONDecoder`, which reports what is wrong.
        if let type = Answer.self as? any JSONValueDecodable.Type,
            let json = CanonicalJSON.parse(Array(body.readableBytesView)),
            let answer = type.init(jsonValue: json) as? Answer
        {
            return answer
        }
        do {
            return try JSONDecoder().decode(Answer.self, from: body)
        } catch {
            throw .internal("\(operation) answer could not be decoded", underlying: error)
        }
    }

    /// No usable answer: a timeout leaves the outcome unknown, anything else means the request
    /// never got an answer from a gateway that (for a dropped connection) recorded nothing.
    static func transportFailure(_ error: any Error, operation: String) -> PaymentError {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout:
                return .timeout("gateway \(operation) timed out; outcome unknown", underlying: error)
            case .cancelled:
                return .timeout("gateway \(operation) cancelled before an answer; outcome unknown", underlying: error)
            case .connectTimeout:
                return .network("gateway \(operation): connect timed out", underlying: error)
            default:
                break
            }
        }
        if error is NIOTooManyBytesError {
            return .internal("gateway \(operation) answer too large", underlying: error)
        }
        return .network("gateway \(operation): no answer (\(String(describing: type(of: error))))", underlying: error)
    }

    /// The gateway's non-2xx answer as a payment error.
    static func refusal(status: Int, body: ByteBuffer, operation: String) -> PaymentError {
        let envelope = try? JSONDecoder().decode(ErrorEnvelope.self, from: body)
        if status >= 500 {
            return .unavailable("gateway \(operation) failed with HTTP \(status)")
        }
        guard let error = envelope?.error else {
            return .internal("gateway \(operation) answered HTTP \(status) without an error body")
        }
        switch error.code {
        case "card_declined": return .cardDeclined(error.message, declineCode: error.declineCode)
        case "insufficient_funds": return .insufficientFunds(error.message)
        case "authentication_required": return .authenticationRequired(challengeURL: error.challengeURL ?? "")
        case "invalid_state": return .invalidState(error.message, state: error.state)
        case "not_found": return .notFound(error.message)
        case "idempotency_conflict": return .idempotencyConflict()
        case "bad_request": return .badRequest(field: error.field ?? "body", error.message)
        case "unavailable": return .unavailable("gateway \(operation): \(error.message)")
        default: return .internal("gateway \(operation) answered HTTP \(status) with unknown code \(error.code)")
        }
    }

    /// `text` with everything outside the id alphabet (`A-Z a-z 0-9 _ . : -`) percent-encoded, so
    /// an id can never change the path or query it is put in.
    static func pathSegment(_ text: String) -> String {
        var encoded = ""
        encoded.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "-"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }
}
