import TillRedis
import TillWire

extension SagaLog {
    /// The stored record of `sagaID`, or `nil` if there is none.
    public func read(sagaID: String) async throws(SagaLogError) -> SagaStoredRecord? {
        try await read(sagaIDs: [sagaID]).first
    }

    /// The stored records of `sagaIDs`, in order; missing ones are left out. One round trip for
    /// the records, and one more for the logs of those still running.
    public func read(sagaIDs: [String]) async throws(SagaLogError) -> [SagaStoredRecord] {
        let fields = ["state", "steps", "context", "created_at", "updated_at", "input"]
        let replies = try await pipeline(sagaIDs.map { RedisCommand("HMGET", [SagaKeys(sagaID: $0).record] + fields) })
        var stored: [SagaStoredRecord] = []
        var running: [(index: Int, input: String)] = []
        for (id, reply) in zip(sagaIDs, replies) {
            let values = reply.array?.map { $0.string } ?? []
            guard values.count == fields.count, values[0] != nil else { continue }
            let record = try decodeRecord(id, values)
            if record.state == .running { running.append((stored.count, values[5] ?? "")) }
            stored.append(SagaStoredRecord(record: record, pending: nil))
        }
        guard !running.isEmpty else { return stored }
        let logs = try await pipeline(running.map { RedisCommand("LRANGE", [SagaKeys(sagaID: stored[$0.index].record.sagaID).log, 0, -1]) })
        for (item, reply) in zip(running, logs) {
            stored[item.index].pending = SagaStoredRecord.Pending(input: item.input, log: try decodeLog(reply))
        }
        return stored
    }

    private func pipeline(_ commands: [RedisCommand]) async throws(SagaLogError) -> [RESPValue] {
        do {
            return try await redis.pipeline(commands)
        } catch {
            throw .redis(error)
        }
    }

    /// `state, steps, context, created_at, updated_at` as stored.
    func decodeRecord(_ sagaID: String, _ fields: [String?]) throws(SagaLogError) -> SagaRecord {
        guard let raw = fields[0], let state = SagaState(rawValue: raw) else { throw .corrupt("record state") }
        return SagaRecord(
            sagaID: sagaID,
            state: state,
            steps: try codec.decode([SagaStepView].self, from: fields[1] ?? "[]"),
            context: try codec.decode(JSONValue.self, from: fields[2] ?? "{}"),
            createdAt: Int64(fields[3] ?? "") ?? 0,
            updatedAt: Int64(fields[4] ?? "") ?? 0
        )
    }
}
