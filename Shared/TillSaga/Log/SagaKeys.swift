/// Where a saga lives in Redis. Every key of one saga shares its hash tag (`{saga_<order_id>}`), so
/// one Lua script can touch all of them on Redis Cluster too; the indexes of one saga kind share
/// another (`{sagas:<kind>}`).
public struct SagaKeys: Sendable, Hashable {
    /// The record: state, fencing token, owner, input, steps view, context, timestamps.
    public let record: String
    /// The write-ahead log: a list of JSON ``SagaLogRecord``s.
    public let log: String
    /// The lease: `<owner>:<token>` with a `PX` expiry, renewed while the owner works.
    public let lease: String

    public init(sagaID: String) {
        self.record = "till:{\(sagaID)}:saga"
        self.log = "till:{\(sagaID)}:log"
        self.lease = "till:{\(sagaID)}:lease"
    }

    /// The keys in the order every saga script takes them.
    var all: [String] { [record, log, lease] }
}

/// The indexes of one saga kind: by creation time (all, and per state) and by lease due time.
public struct SagaIndexKeys: Sendable, Hashable {
    /// Every saga, scored by creation time (Unix ms).
    public let all: String
    /// Running sagas scored by when their lease may have lapsed (Unix ms): the recovery scan.
    public let due: String
    private let statePrefix: String

    public init(kind: String) {
        self.all = "till:{sagas:\(kind)}:all"
        self.due = "till:{sagas:\(kind)}:due"
        self.statePrefix = "till:{sagas:\(kind)}:state:"
    }

    /// Sagas in `state`, scored by creation time (Unix ms).
    public func byState(_ state: SagaState) -> String { statePrefix + state.rawValue }
}
