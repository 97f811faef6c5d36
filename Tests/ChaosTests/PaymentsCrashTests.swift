import Foundation
import Testing
import TillTestSupport

/// Issue 9, chaos 2: `kill -9` a payments replica (of two) under load and restart it, each
/// replica once. No authorization may be lost or duplicated: the ledger and the simulator's books
/// agree on every payment (``LedgerReconciliation``), and the audit passes.
@Suite("Chaos 2: kill -9 a payments replica under load", .serialized)
struct PaymentsCrashTests {
    @Test(.timeLimit(.minutes(6)))
    func noAuthorizationIsLostOrDuplicated() async throws {
        let stack = try await ChaosStack.start(orchestrators: 1, payments: 2)
        defer { stack.stop() }
        let seconds = ChaosLoad.seconds(ci: 15)
        let (load, started) = try await ChaosLoad.start(stack, seconds: seconds, name: "payments-crash")
        defer { load.kill() }

        let kills = try await stack.crashInTurn(stack.payments, from: started, loadSeconds: seconds)

        let results = try await ChaosLoad.finish(load, seconds: seconds)
        let (ledger, resolvedAfter) = try await LedgerReconciliation.settled(stack, timeout: .seconds(60))
        ChaosLoad.report("2 payments kill -9", results, seconds: seconds, faults: "\(kills) × kill -9 + restart of a payments replica; \(ledger) (agreed \(resolvedAfter) after the load)")
        ChaosLoad.expectAuditPassed(results)
        if !results.auditPassed { Issue.record("sagas the audit names:\n\(await ChaosLoad.sagaEvidence(results, stack))") }
        #expect(kills >= 2)
        if !ledger.agrees { Issue.record("\(ledger)\n\(await ledger.evidence(stack))") }
        #expect(ledger.gatewayAuthorizations > 0, "\(ledger)")
        #expect(stack.deadServices().isEmpty, "\(stack.deadServices())")
    }
}
