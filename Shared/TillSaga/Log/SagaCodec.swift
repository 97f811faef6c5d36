import Foundation
import TillWire

/// The JSON coders of saga records, log entries and events.
struct SagaCodec: Sendable {
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private let decoder = JSONDecoder()

    func string(_ value: some Encodable) -> String {
        // Encoding our own Codable values (no floats but JSONValue's finite ones) does not fail.
        (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }

    func decode<T: Decodable>(_ type: T.Type, from text: String) throws(SagaLogError) -> T {
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw .corrupt("\(T.self)")
        }
    }
}
