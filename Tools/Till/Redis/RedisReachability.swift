/// Turns a failed `PING` of a Redis the operator named into a one-line error saying what to fix.
enum RedisReachability {
    /// How long the server has to answer.
    static let timeout: Duration = .seconds(3)

    /// Returns when Redis at `endpoint` answers `PONG`; otherwise throws a one-line error naming
    /// `variable` and the server (never its password).
    static func require(_ endpoint: RedisEndpoint, variable: String) async throws(TillError) {
        let answer: RedisPing.Answer
        do {
            answer = try await RedisPing.ping(endpoint, timeout: Self.timeout)
        } catch {
            throw TillError(
                .redisUnreachable,
                "\(variable): no Redis answers at \(endpoint.displayURL) (\(NetworkErrorText.describe(error)))"
            )
        }
        guard case .refused(let reply) = answer else { return }
        if reply.hasPrefix("NOAUTH") {
            throw TillError(
                .secretMissing,
                "\(variable): Redis at \(endpoint.displayURL) requires a password; give it in the URL: redis://:password@host:port/db"
            )
        }
        if reply.hasPrefix("WRONGPASS") || reply.contains("invalid password") || reply.contains("invalid username-password") {
            throw TillError(.secretMissing, "\(variable): Redis at \(endpoint.displayURL) rejected the password in the URL")
        }
        throw TillError(.redisUnreachable, "\(variable): Redis at \(endpoint.displayURL) answered PING with: \(reply)")
    }
}
