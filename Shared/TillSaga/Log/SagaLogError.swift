import TillRedis
import TillWire

/// Why a saga log operation failed.
public struct SagaLogError: Error, Sendable, Hashable, CustomStringConvertible {
    enum Code: Sendable, Hashable {
        case fenced
        case redis
        case corrupt
    }

    let code: Code
    /// What went wrong; never holds a saga's input.
    public let message: String
    /// Whether Redis could not be reached (the operation may succeed later).
    public let isRetriable: Bool

    /// Another orchestrator adopted the saga: this one must stop touching it.
    public static func fenced(_ sagaID: String) -> SagaLogError {
        SagaLogError(code: .fenced, message: "saga \(sagaID) was adopted by another owner", isRetriable: false)
    }

    static func redis(_ error: RedisError) -> SagaLogError {
        SagaLogError(code: .redis, message: "redis failed: \(error)", isRetriable: error.isRetriable)
    }

    static func corrupt(_ what: String) -> SagaLogError {
        SagaLogError(code: .corrupt, message: "stored saga data is unreadable: \(what)", isRetriable: false)
    }

    /// Whether the saga now belongs to another owner.
    public var isFenced: Bool { code == .fenced }

    public var description: String { message }
}

extension SagaLogError: WireErrorConvertible {
    public var wireError: WireError {
        switch code {
        case .redis where isRetriable: WireError(.unavailable, "redis is unavailable")
        case .fenced: WireError(.unavailable, "the saga moved to another orchestrator; retry")
        default: WireError(.internal, "saga storage failed")
        }
    }
}
