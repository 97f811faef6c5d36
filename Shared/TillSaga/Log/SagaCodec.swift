import Foundation
import TillWire

/// The JSON coders of saga records, log entries and events.
///
/// Writing is on every step transition, so values that can state themselves as a ``JSONValue``
/// (log records, step views, contexts, events, and an input conforming to
/// `JSONValueConvertible`) skip `JSONEncoder`; reading (adoption, views of other replicas' sagas)
/// stays on `JSONDecoder`.
struct SagaCodec: Sendable {
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private let decoder = JSONDecoder()

    func string(_ value: JSONValue) -> String {
        value.jsonText
    }

    func string(_ record: SagaLogRecord) -> String {
        record.jsonValue.jsonText
    }

    func string(_ steps: [SagaStepView]) -> String {
        JSONValue.array(steps.map(\.jsonValue)).jsonText
    }

    func string(_ value: some Encodable) -> String {
        if let convertible = value as? any JSONValueConvertible {
            return convertible.jsonValue.jsonText
        }
        // Encoding our own Codable values (no floats but JSONValue's finite ones) does not fail.
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    func decode<T: Decodable>(_ type: T.Type, from text: String) throws(SagaLogError) -> T {
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw .corrupt("\(T.self)")
        }
    }
}
