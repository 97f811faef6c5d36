import Logging
import ServiceLifecycle
import Testing
import TillRedis
import TillTestSupport

@Suite(.redisServer(), .timeLimit(.minutes(1)))
struct RedisServiceLiveTests {
    @Test func gracefulShutdownOfItsServiceGroupClosesTheClient() async throws {
        let redis = try Live.client()
        let group = ServiceGroup(services: [redis], gracefulShutdownSignals: [], logger: Live.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Live.eventually { try await redis.ping() }
            // A reply held back for two seconds is still delivered during the graceful shutdown.
            let blocked = Task { try await redis.send("BLPOP", Live.key(), 2) }
            try await Live.waitForBlockedClients(1)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            #expect(try await blocked.value.isNull)
        }
        let error = await #expect(throws: RedisError.self) { try await redis.ping() }
        #expect(error?.code == .clientShutdown)
    }
}
