import TillRedis

/// Asks Redis whether it answers, within a bound, for `/readyz` and `<service>.health`.
struct DependencyProbe: Sendable {
    let redis: RedisClient
    let timeout: Duration

    /// `true` if Redis answered `PING` within the timeout.
    func redisIsUp() async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { [redis] in
                (try? await redis.ping()) != nil
            }
            group.addTask { [timeout] in
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
