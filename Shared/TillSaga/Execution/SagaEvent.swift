import Foundation
import TillWire

/// The `saga.*` events on `till.events`: `{type, at, trace_id, saga_id, saga, state, …}`.
enum SagaEvent {
    static func json(
        _ type: String,
        sagaID: String,
        kind: String,
        state: SagaState,
        traceID: String?,
        fields: [String: JSONValue],
        codec: SagaCodec
    ) -> String {
        var object = fields
        object["type"] = .string(type)
        object["at"] = .integer(Int64(Date().timeIntervalSince1970))
        object["trace_id"] = traceID.map { JSONValue.string($0) } ?? .null
        object["saga_id"] = .string(sagaID)
        object["saga"] = .string(kind)
        object["state"] = .string(state.rawValue)
        return codec.string(JSONValue.object(object))
    }

    /// The event type of a saga reaching `state`.
    static func type(for state: SagaState) -> String {
        switch state {
        case .running: "saga.started"
        case .completed: "saga.completed"
        case .compensated: "saga.compensated"
        case .failedCompensation: "saga.failed_compensation"
        }
    }
}
