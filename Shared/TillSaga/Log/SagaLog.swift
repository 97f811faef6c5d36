import Foundation
import TillRedis
import TillWire

/// A saga's durable state in Redis: the record, the write-ahead log, the lease and the indexes.
///
/// Every state change is one Lua script on the saga's keys that checks the fencing token first.
/// The kind's indexes live in another hash slot: on one Redis server the scripts that create and
/// end a saga update them too (a checkout costs one script call per step transition), on Redis
/// Cluster (``SlotPolicy/perSlot``) each index update is a script of its own.
public struct SagaLog: Sendable {
    /// Whether a script may touch keys of more than one Redis Cluster slot.
    public enum SlotPolicy: Sendable, Hashable {
        /// One Redis server (what `RedisClient` talks to): creating a saga indexes it and its final
        /// append moves it to its terminal state's index, in the same script.
        case singleServer
        /// Redis Cluster: the saga's scripts touch its own slot only; the indexes get one more
        /// script when a saga is created and when it ends.
        case perSlot
    }

    /// The saga kind (a definition's name) whose indexes this log maintains.
    public let kind: String
    /// How scripts are cut along slots: ``SlotPolicy/perSlot`` when `redis` talks to a Redis
    /// Cluster, ``SlotPolicy/singleServer`` otherwise, unless set.
    public var slotPolicy: SlotPolicy
    let redis: RedisClient
    let index: SagaIndexKeys
    let codec = SagaCodec()

    /// The pub/sub channel of Till events.
    public static let eventsChannel = "till.events"

    public init(kind: String, redis: RedisClient) {
        self.kind = kind
        self.redis = redis
        self.index = SagaIndexKeys(kind: kind)
        self.slotPolicy = redis.configuration.isCluster ? .perSlot : .singleServer
    }

    /// What ``create(_:)`` found.
    public enum CreateOutcome: Sendable, Hashable {
        /// This caller created the saga and owns it with token `1`.
        case created
        /// The saga exists already, created with params hashing to `paramsHash`.
        case exists(paramsHash: String, record: SagaRecord)
    }

    /// What a new saga is created with.
    public struct NewSaga: Sendable {
        public var sagaID: String
        public var paramsHash: String
        public var owner: String
        public var lease: Duration
        public var input: String
        public var steps: [SagaStepView]
        public var context: JSONValue
        public var firstRecord: SagaLogRecord
        public var traceID: String?
        public var event: String?
        /// Unix milliseconds; the record keeps seconds.
        public var createdAtMilliseconds: Int64

        public init(
            sagaID: String, paramsHash: String, owner: String, lease: Duration, input: String, steps: [SagaStepView],
            context: JSONValue, firstRecord: SagaLogRecord, traceID: String?, event: String?, createdAtMilliseconds: Int64
        ) {
            self.sagaID = sagaID
            self.paramsHash = paramsHash
            self.owner = owner
            self.lease = lease
            self.input = input
            self.steps = steps
            self.context = context
            self.firstRecord = firstRecord
            self.traceID = traceID
            self.event = event
            self.createdAtMilliseconds = createdAtMilliseconds
        }
    }

    /// Creates the saga unless it exists, and indexes it. With ``SlotPolicy/perSlot`` the index
    /// comes first, so that a crash in between leaves an index entry the recovery scan drops,
    /// never an unindexed saga.
    public func create(_ saga: NewSaga) async throws(SagaLogError) -> CreateOutcome {
        let nowMS = saga.createdAtMilliseconds
        let due = nowMS + saga.lease.milliseconds
        var keys = SagaKeys(sagaID: saga.sagaID).all
        switch slotPolicy {
        case .singleServer:
            keys += [index.all, index.due, index.byState(.running)]
        case .perSlot:
            try await run(SagaScripts.indexAdd, keys: [index.all, index.due, index.byState(.running)], arguments: [saga.sagaID, nowMS, due])
        }
        let reply = try await run(
            SagaScripts.create,
            keys: keys,
            arguments: [
                saga.paramsHash, saga.owner, saga.lease.milliseconds, nowMS / 1000, kind, saga.input,
                codec.string(saga.steps), codec.string(saga.context), codec.string(saga.firstRecord),
                saga.traceID ?? "", Self.eventsChannel, saga.event ?? "", saga.sagaID, nowMS, due,
            ]
        )
        let fields = reply.array?.map { $0.string } ?? []
        switch fields.first {
        case "created":
            return .created
        case "exists" where fields.count == 7:
            let record = try decodeRecord(saga.sagaID, Array(fields.dropFirst(2)))
            return .exists(paramsHash: fields[1] ?? "", record: record)
        default:
            throw .corrupt("create reply")
        }
    }

    /// Appends `records` (maybe none) and updates the record, if `token` still holds the saga.
    ///
    /// `view` (the steps and context shown to callers) is written when the saga ends; while it
    /// runs the stored view stays as created and readers derive the current one from the log
    /// (``SagaStoredRecord``): rewriting it on every step was a fifth of the AOF and of the
    /// append script's time. A terminal `state` drops the lease (and, with ``SlotPolicy/singleServer``, moves the saga
    /// from the running index to that state's: see ``movesIndexOnAppend``); a running one renews
    /// it for `lease`.
    /// - Throws: ``SagaLogError/fenced(_:)`` if another owner adopted the saga.
    public func append(
        sagaID: String,
        token: String,
        owner: String,
        lease: Duration,
        state: SagaState,
        view: (steps: [SagaStepView], context: JSONValue)?,
        records: [SagaLogRecord],
        event: String?
    ) async throws(SagaLogError) {
        var keys = SagaKeys(sagaID: sagaID).all
        if state != .running, movesIndexOnAppend {
            keys += [index.all, index.due, index.byState(.running), index.byState(state)]
        }
        var arguments: [any RedisArgumentConvertible] = [
            token, owner, lease.milliseconds, state.rawValue, view.map { codec.string($0.steps) } ?? "",
            view.map { codec.string($0.context) } ?? "",
            Self.nowMilliseconds() / 1000, Self.eventsChannel, event ?? "", sagaID,
        ]
        arguments.reserveCapacity(arguments.count + records.count)
        for record in records { arguments.append(codec.string(record)) }
        let reply = try await run(SagaScripts.append, keys: keys, arguments: arguments)
        guard reply.array?.first?.string == "ok" else { throw .fenced(sagaID) }
    }

    /// Whether an ``append(sagaID:token:owner:lease:state:view:records:event:)`` of a
    /// terminal state also moves the saga out of the running index (else ``moveIndex(sagaID:from:to:due:)`` does).
    public var movesIndexOnAppend: Bool { slotPolicy == .singleServer }

    /// Extends the leases of owned sagas in one round trip.
    /// - Returns: the ids of the sagas that were fenced (adopted elsewhere, or no longer running).
    public func renew(_ leases: [(sagaID: String, token: String)], owner: String, lease: Duration) async throws(SagaLogError) -> [String] {
        guard !leases.isEmpty else { return [] }
        let commands = leases.map { item in
            let keys: [any RedisArgumentConvertible] = SagaKeys(sagaID: item.sagaID).all
            let arguments: [any RedisArgumentConvertible] = [item.token, owner, lease.milliseconds]
            return RedisCommand("EVALSHA", [SagaScripts.renew.sha1, 3] + keys + arguments)
        }
        var replies: [RESPValue]
        do {
            replies = try await redis.pipeline(commands)
            if replies.contains(where: { $0.errorMessage?.hasPrefix("NOSCRIPT") == true }) {
                _ = try await redis.send("SCRIPT", "LOAD", SagaScripts.renew.source)
                replies = try await redis.pipeline(commands)
            }
        } catch {
            throw .redis(error)
        }
        return zip(leases, replies).compactMap { item, reply in reply.string == "fenced" ? item.sagaID : nil }
    }

    /// What ``adopt(sagaID:owner:lease:)`` found.
    public enum AdoptOutcome: Sendable, Hashable {
        /// No such saga: a stale index entry.
        case missing
        /// The saga ended; its index entry is stale.
        case terminal(SagaState)
        /// Its owner still holds the lease, for about this long.
        case held(Duration)
        /// This caller owns it now.
        case adopted(SagaOwnership)
    }

    /// Takes over `sagaID` if it runs and its lease lapsed.
    public func adopt(sagaID: String, owner: String, lease: Duration) async throws(SagaLogError) -> AdoptOutcome {
        let reply = try await run(SagaScripts.adopt, keys: SagaKeys(sagaID: sagaID).all, arguments: [owner, lease.milliseconds])
        let fields = reply.array?.map { $0.string } ?? []
        switch fields.first {
        case "missing":
            return .missing
        case "terminal":
            guard fields.count == 2, let raw = fields[1], let state = SagaState(rawValue: raw) else { throw .corrupt("adopt reply") }
            return .terminal(state)
        case "held":
            return .held(.milliseconds(max(0, Int64(fields.count == 2 ? fields[1] ?? "0" : "0") ?? 0)))
        case "adopted":
            return .adopted(try ownership(sagaID, fields))
        default:
            throw .corrupt("adopt reply")
        }
    }

    /// What ``recover(sagaID:owner:lease:event:)`` found.
    public enum RecoverOutcome: Sendable, Hashable {
        case missing
        /// The saga is not `failed_compensation`.
        case invalidState(SagaState)
        case adopted(SagaOwnership)
    }

    /// Starts a new compensation round of a `failed_compensation` saga and owns it.
    public func recover(sagaID: String, owner: String, lease: Duration, event: String?) async throws(SagaLogError) -> RecoverOutcome {
        let nowMS = Self.nowMilliseconds()
        let reply = try await run(
            SagaScripts.recover,
            keys: SagaKeys(sagaID: sagaID).all,
            arguments: [owner, lease.milliseconds, codec.string(SagaLogRecord.recovery(at: nowMS)), nowMS / 1000, Self.eventsChannel, event ?? ""]
        )
        let fields = reply.array?.map { $0.string } ?? []
        switch fields.first {
        case "missing":
            return .missing
        case "invalid":
            guard fields.count == 2, let raw = fields[1], let state = SagaState(rawValue: raw) else { throw .corrupt("recover reply") }
            return .invalidState(state)
        case "adopted":
            try await moveIndex(sagaID: sagaID, from: .failedCompensation, to: .running, due: nowMS + lease.milliseconds)
            return .adopted(try ownership(sagaID, fields))
        default:
            throw .corrupt("recover reply")
        }
    }

    /// The whole write-ahead log of `sagaID` (for operators and tests).
    public func history(sagaID: String) async throws(SagaLogError) -> [SagaLogRecord] {
        let reply: RESPValue
        do {
            reply = try await redis.send("LRANGE", SagaKeys(sagaID: sagaID).log, 0, -1)
        } catch {
            throw .redis(error)
        }
        return try decodeLog(reply)
    }

    // MARK: Helpers

    /// The records of an `LRANGE` of a saga's log.
    func decodeLog(_ reply: RESPValue) throws(SagaLogError) -> [SagaLogRecord] {
        try decodeLog(reply.array?.compactMap(\.string) ?? [])
    }

    private func decodeLog(_ texts: [String]) throws(SagaLogError) -> [SagaLogRecord] {
        var records: [SagaLogRecord] = []
        records.reserveCapacity(texts.count)
        for text in texts {
            records.append(try codec.decode(SagaLogRecord.self, from: text))
        }
        return records
    }

    @discardableResult
    func run(_ script: RedisScript, keys: [String], arguments: [any RedisArgumentConvertible]) async throws(SagaLogError) -> RESPValue {
        do {
            return try await redis.evaluate(script, keys: keys, arguments: arguments)
        } catch {
            throw .redis(error)
        }
    }

    private func ownership(_ sagaID: String, _ fields: [String?]) throws(SagaLogError) -> SagaOwnership {
        guard fields.count >= 5, let token = fields[1], let input = fields[2] else { throw .corrupt("ownership reply") }
        let log = try decodeLog(fields.dropFirst(5).map { $0 ?? "" })
        let trace = fields[3] ?? ""
        return SagaOwnership(
            sagaID: sagaID, token: token, input: input, traceID: trace.isEmpty ? nil : trace,
            createdAt: Int64(fields[4] ?? "") ?? 0, log: log
        )
    }

    static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

extension Duration {
    /// Whole milliseconds.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
