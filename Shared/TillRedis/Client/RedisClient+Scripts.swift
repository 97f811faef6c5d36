extension RedisClient {
    /// Runs `script` with `EVALSHA`; if Redis does not know it (`NOSCRIPT`: first use, a restart,
    /// `SCRIPT FLUSH`), loads it with `SCRIPT LOAD` and runs it again, both in one round trip. On Redis Cluster both go to the node of the keys; if the
    /// slot moved in between (`NOSCRIPT` again, from the new node) it loads again, up to 3 times.
    /// - Throws: ``RedisError/Code/serverError`` if the script fails; transport errors otherwise.
    @discardableResult
    public func evaluate(
        _ script: RedisScript,
        keys: [String] = [],
        arguments: [any RedisArgumentConvertible] = []
    ) async throws(RedisError) -> RESPValue {
        let evalSHA = RedisCommand("EVALSHA", [script.sha1, keys.count] + keys + arguments)
        var reply = try await sendAllowingErrorReply(evalSHA)
        var loads = 0
        while case .error(let message) = reply, message.hasPrefix("NOSCRIPT"), loads < 3 {
            loads += 1
            let replies = try await pipeline([RedisCommand("SCRIPT", ["LOAD", script.source]), evalSHA])
            if case .error(let message) = replies[0] { throw .server(message) }
            reply = replies[1]
        }
        if case .error(let message) = reply { throw .server(message) }
        return reply
    }
}
