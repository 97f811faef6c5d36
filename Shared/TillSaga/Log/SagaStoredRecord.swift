/// A saga as Redis holds it: its record and, while it runs, what its current view is derived from.
///
/// The record's steps and context are written when the saga is created and when it ends, not at
/// every step; ``SagaExecutor/read(sagaID:)`` replays ``pending`` over them for a running saga.
public struct SagaStoredRecord: Sendable, Hashable {
    /// The record as stored: current for an ended saga, as created for a running one.
    public var record: SagaRecord
    /// While the saga runs: its input (JSON) and its write-ahead log so far.
    public var pending: Pending?

    /// The input and log of a running saga.
    public struct Pending: Sendable, Hashable {
        public var input: String
        public var log: [SagaLogRecord]
    }
}
