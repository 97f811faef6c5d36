import TillRedis

extension SagaLog {
    /// One page of ``list(state:limit:cursor:)``.
    public struct Page: Sendable, Hashable {
        /// Saga ids, newest first.
        public var sagaIDs: [String]
        /// Pass it back for the next page; `nil` on the last one.
        public var cursor: String?
    }

    /// Moves `sagaID` between state indexes; `due` keeps it in the recovery index (running), `nil`
    /// takes it out (terminal).
    public func moveIndex(sagaID: String, from: SagaState, to: SagaState, due: Int64?) async throws(SagaLogError) {
        try await run(
            SagaScripts.indexMove,
            keys: [index.all, index.due, index.byState(from), index.byState(to)],
            arguments: [sagaID, due.map { "\($0)" } ?? ""]
        )
    }

    /// Running sagas whose recorded lease due time has passed: candidates for adoption.
    public func dueSagas(limit: Int) async throws(SagaLogError) -> [String] {
        do {
            let reply = try await redis.send("ZRANGE", index.due, "-inf", Self.nowMilliseconds(), "BYSCORE", "LIMIT", 0, limit)
            return reply.array?.compactMap(\.string) ?? []
        } catch {
            throw .redis(error)
        }
    }

    /// Records when a held lease should be looked at again.
    public func postpone(sagaID: String, by delay: Duration) async throws(SagaLogError) {
        do {
            try await redis.send("ZADD", index.due, "XX", Self.nowMilliseconds() + delay.milliseconds, sagaID)
        } catch {
            throw .redis(error)
        }
    }

    /// Removes a stale entry (the saga does not exist) from every index.
    public func dropFromIndexes(sagaID: String) async throws(SagaLogError) {
        var commands = [RedisCommand("ZREM", [index.all, sagaID]), RedisCommand("ZREM", [index.due, sagaID])]
        commands += SagaState.allCases.map { RedisCommand("ZREM", [index.byState($0), sagaID]) }
        do {
            _ = try await redis.pipeline(commands)
        } catch {
            throw .redis(error)
        }
    }

    /// Saga ids, newest first, optionally in one state; `cursor` continues a previous page.
    ///
    /// The cursor is `<created ms>:<saga id>` of the last entry returned: entries created at the
    /// same millisecond are ordered by id, so a page never repeats or skips one.
    public func list(state: SagaState?, limit: Int, cursor: String?) async throws(SagaLogError) -> Page {
        let key = state.map { index.byState($0) } ?? index.all
        var upper = "+inf"
        var after: (score: Int64, id: String)?
        if let cursor, let colon = cursor.firstIndex(of: ":"), let score = Int64(cursor[..<colon]) {
            upper = "\(score)"
            after = (score, String(cursor[cursor.index(after: colon)...]))
        }
        var ids: [String] = []
        var offset = 0
        var lastScore: Int64 = 0
        while ids.count < limit + 1 {
            let batch = limit + 1 - ids.count + 16
            let reply: RESPValue
            do {
                reply = try await redis.send("ZRANGE", key, upper, "-inf", "BYSCORE", "REV", "LIMIT", offset, batch, "WITHSCORES")
            } catch {
                throw .redis(error)
            }
            let flat = reply.array ?? []
            guard !flat.isEmpty else { break }
            offset += flat.count / 2
            for pair in stride(from: 0, to: flat.count - 1, by: 2) {
                guard let id = flat[pair].string, let score = flat[pair + 1].string.flatMap({ Int64($0) }) else { continue }
                // REV lists equal scores in reverse id order: skip up to and including the cursor.
                if let after, score == after.score, id >= after.id { continue }
                if ids.count < limit + 1 {
                    ids.append(id)
                    if ids.count <= limit { lastScore = score }
                }
            }
            if flat.count / 2 < batch { break }
        }
        guard ids.count > limit else { return Page(sagaIDs: ids, cursor: nil) }
        let page = Array(ids.prefix(limit))
        return Page(sagaIDs: page, cursor: page.last.map { "\(lastScore):\($0)" })
    }
}
