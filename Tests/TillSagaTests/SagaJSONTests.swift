import Foundation
import Testing
import TillSaga
import TillWire

/// The saga log writes its records and step views with Till's JSON writer and reads them with
/// `JSONDecoder`: the two must agree on every field.
struct SagaJSONTests {
    static let error = WireError(
        code: WireErrorCode("insufficient_stock"), message: "only 1 left \"quoted\" / slashed", retriable: false,
        details: ["sku": "mug", "available": 1, "nested": ["ok": true, "ratio": 0.5, "none": nil]]
    )

    static let records: [SagaLogRecord] = [
        SagaLogRecord(kind: .action, step: "reserve_inventory", phase: .started, attempt: 1, at: 1_700_000_000_123),
        SagaLogRecord(
            kind: .action, step: "reserve_inventory", phase: .succeeded, attempt: 1, at: 1_700_000_000_456,
            output: ["items": [["sku": "mug", "quantity": 2, "unit_price": 1250]], "total": 2500, "currency": "EUR"]
        ),
        SagaLogRecord(kind: .action, step: "authorize_payment", phase: .failed, attempt: 2, at: -1, error: error, maybeDone: true),
        SagaLogRecord(kind: .compensation, step: "release_inventory", phase: .failed, attempt: 3, at: 7, error: WireError(.unavailable, "down"), maybeDone: false),
        SagaLogRecord(kind: .action, step: "commit_inventory", phase: .succeeded, attempt: 1, at: 9, output: .null),
        SagaLogRecord.recovery(at: 42),
    ]

    @Test(arguments: records)
    func aLogRecordWrittenFastReadsBackAsItWas(record: SagaLogRecord) throws {
        let decoded = try JSONDecoder().decode(SagaLogRecord.self, from: Data(record.jsonValue.jsonText.utf8))
        // `output: .null` is written as `null`, which `Decodable` reads as an absent output.
        var expected = record
        if expected.output == .null { expected.output = nil }
        #expect(decoded == expected)
        #expect(try Self.codableJSON(record) == record.jsonValue)
    }

    @Test func stepViewsWrittenFastMatchTheCodableOnes() throws {
        let views = [
            SagaStepView(name: "reserve_inventory", state: .compensated, attempts: 2, error: Self.error),
            SagaStepView(name: "create_shipment", state: .skipped, attempts: 0),
        ]
        for view in views {
            #expect(try JSONDecoder().decode(SagaStepView.self, from: Data(view.jsonValue.jsonText.utf8)) == view)
            #expect(try Self.codableJSON(view) == view.jsonValue)
        }
    }

    /// What `JSONEncoder` writes for `value`, read back as a `JSONValue`.
    static func codableJSON(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }
}
