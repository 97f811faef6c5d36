import TillWire

/// One entry of a saga's write-ahead log, stored as JSON in a Redis list.
///
/// Before an action or compensation runs, a `started` record is appended; after it, a `succeeded`
/// or `failed` record. `recovery` marks an operator re-drive. `v` is the record format, so that
/// replicas of different versions can read each other's logs during a rolling upgrade.
public struct SagaLogRecord: Codable, Sendable, Hashable {
    /// What a record is about.
    public enum Kind: String, Codable, Sendable, Hashable {
        case action
        case compensation
        /// An operator re-drove a `failed_compensation` saga: its compensations start a new round.
        case recovery
    }

    /// The moment in a run a record marks.
    public enum Phase: String, Codable, Sendable, Hashable {
        /// Written before the request: from here on the effect may have happened.
        case started
        case succeeded
        case failed
    }

    /// The record format version.
    public var v: Int
    public var kind: Kind
    /// The step's name (empty for `recovery`).
    public var step: String
    public var phase: Phase
    /// 1 for the first run of this action or compensation, then counting up.
    public var attempt: Int
    /// Unix milliseconds.
    public var at: Int64
    /// Why it failed.
    public var error: WireError?
    /// For `failed`: whether the effect may have happened anyway.
    public var maybeDone: Bool?
    /// For a succeeded action: what later steps need.
    public var output: JSONValue?

    /// The format written by this version.
    public static let currentVersion = 1

    public init(
        kind: Kind,
        step: String,
        phase: Phase,
        attempt: Int,
        at: Int64,
        error: WireError? = nil,
        maybeDone: Bool? = nil,
        output: JSONValue? = nil
    ) {
        self.v = Self.currentVersion
        self.kind = kind
        self.step = step
        self.phase = phase
        self.attempt = attempt
        self.at = at
        self.error = error
        self.maybeDone = maybeDone
        self.output = output
    }

    /// The marker of an operator re-drive.
    public static func recovery(at: Int64) -> SagaLogRecord {
        SagaLogRecord(kind: .recovery, step: "", phase: .started, attempt: 0, at: at)
    }

    enum CodingKeys: String, CodingKey {
        case v, kind, step, phase, attempt, at, error, output
        case maybeDone = "maybe_done"
    }
}
