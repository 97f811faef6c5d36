extension RedisConnectionPool {
    /// Sends `command` on the next connection; an error reply comes back as a value.
    func send(_ command: RedisCommand) async throws(RedisError) -> RESPValue {
        let connection = try await connection()
        let result = await withCheckedContinuation { (waiter: RedisReplyWaiter.SingleContinuation) in
            connection.send(command, waiter: .single(waiter))
        }
        return try result.get()
    }

    /// Sends `commands` back to back on one connection; their replies, in order.
    func send(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        let connection = try await connection()
        let result = await withCheckedContinuation { (waiter: RedisReplyWaiter.BatchContinuation) in
            connection.send(commands, waiter: .batch(waiter))
        }
        return try result.get()
    }
}
