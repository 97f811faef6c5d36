extension RedisClient {
    /// Every key matching the glob `pattern`, found with `SCAN … MATCH pattern COUNT batch`.
    ///
    /// On Redis Cluster a `SCAN` sees one node's keys only, so this scans every master of the
    /// current slot map in turn. Like `SCAN`, it may return a key more than once and may miss
    /// keys created or moved while it runs; it is for reports and sweeps, not for the hot path.
    public func keys(matching pattern: String, batch: Int = 1_000) async throws(RedisError) -> [String] {
        switch backend {
        case .single:
            return try await scan(pattern: pattern, batch: batch) { (command: RedisCommand) async throws(RedisError) -> RESPValue in
                try await self.send(command)
            }
        case .cluster(let router):
            var keys: [String] = []
            for master in try await router.masters() {
                keys += try await scan(pattern: pattern, batch: batch) { (command: RedisCommand) async throws(RedisError) -> RESPValue in
                    let reply = try await router.send(command, to: master)
                    if case .error(let message) = reply { throw .server(message) }
                    return reply
                }
            }
            return keys
        }
    }

    private func scan(
        pattern: String,
        batch: Int,
        send: (RedisCommand) async throws(RedisError) -> RESPValue
    ) async throws(RedisError) -> [String] {
        var cursor = "0"
        var keys: [String] = []
        repeat {
            let reply = try await send(RedisCommand("SCAN", [cursor, "MATCH", pattern, "COUNT", batch]))
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string else {
                throw .protocolError("unexpected reply to SCAN: \(reply.debugDescription)")
            }
            cursor = next
            keys += (parts[1].array ?? []).compactMap(\.string)
        } while cursor != "0"
        return keys
    }
}
