import Foundation
import Logging
import TillRedis
import TillTestSupport

/// A stack directory whose `stack.env` names real services started by the test, as `till up`
/// would have written it, for the operator commands (`till stock`, `till fraud`, `till events`).
struct OperatorStack: Sendable {
    let folder: TemporaryFolder
    let redis: RedisServer

    /// Writes `stack.env` with `variables` (plus Redis and the test cluster key unless overridden).
    init(redis: RedisServer, variables: [String: String?] = [:]) throws {
        self.folder = try TemporaryFolder("till-operate")
        self.redis = redis
        var all: [String: String?] = ["TILL_REDIS_URL": redis.url, "TILL_CLUSTER_KEY": ServiceProcess.testClusterKey]
        all.merge(variables) { _, given in given }
        let text = all.keys.sorted().compactMap { key in all[key].flatMap { $0 }.map { "\(key)=\($0)\n" } }.joined()
        try Data(text.utf8).write(to: self.folder.url.appendingPathComponent("stack.env"))
    }

    /// Runs `till arguments --dir <folder>`.
    func till(_ arguments: [String], environment: [String: String] = [:]) async throws -> TillProgram.Run {
        try await TillProgram.run(arguments + ["--dir", self.folder.path], environment: environment, timeout: .seconds(60))
    }

    /// A client of the stack's Redis, shut down after `body`.
    func withRedis<T>(_ body: (RedisClient) async throws -> T) async throws -> T {
        let client = RedisClient(
            configuration: try RedisConfiguration(url: self.redis.url),
            logger: Logger(label: "operate-test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    func remove() { self.folder.remove() }
}
