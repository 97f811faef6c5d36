import Foundation
import Testing
import TillAPI
import TillPayments
import TillRedis
import TillResilience
import TillTestSupport

@testable import TillPaymentsService

@Suite("Daily reconciliation on Redis", .redisServer(), .timeLimit(.minutes(1)))
struct DailyReconciliationLiveTests {
    @Test("one replica holding the lock reconciles the previous period once and reports missing_gateway")
    func oneReplicaOnce() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            let lost = harness.id("lost")
            _ = try await harness.authorize(harness.params(lost))
            _ = try await harness.authorize(harness.params(harness.id("kept")))
            await harness.gateway.forget(lost)

            var configuration = DailyReconciliation.Configuration()
            // A period no other suite uses, so the lock is this test's alone.
            configuration.periodSeconds = 3_600 + Int64.random(in: 1...1_000)
            let now = Int64(Date().timeIntervalSince1970) + configuration.periodSeconds
            let replicas = ["payments-1", "payments-2"].map {
                DailyReconciliation(service: harness.service, redis: redis, instance: $0, configuration: configuration, logger: LiveRedis.logger)
            }
            async let first = replicas[0].runIfDue(now: now)
            async let second = replicas[1].runIfDue(now: now)
            let runs = await [first, second].compactMap { $0 }
            #expect(runs.count == 1)
            let report = try #require(runs.first)
            #expect(report.count(of: .missingGateway) >= 1)
            #expect(report.discrepancies.contains { "\($0.paymentID)" == lost && $0.type == .missingGateway })
            #expect(await replicas[0].runIfDue(now: now) == nil)  // done for that period
        }
    }
}
