import Foundation
import Testing
import TillTestSupport

/// Issue 9, chaos 1: `kill -9` one of two orchestrators every 5 s during load, restarting it each
/// time on the same port; `till-load` fails over between the two. Every saga must end completed or
/// compensated, nothing captured twice, no stock leaked (the audit), and no call may fail with a
/// code that is not retriable.
@Suite("Chaos 1: kill -9 an orchestrator every 5 s under load", .serialized)
struct OrchestratorCrashTests {
    @Test(.timeLimit(.minutes(6)))
    func sagasOfCrashedOrchestratorsFinishAndTheAuditPasses() async throws {
        let stack = try await ChaosStack.start(orchestrators: 2)
        defer { stack.stop() }
        let seconds = ChaosLoad.seconds(ci: 20)
        let (load, started) = try await ChaosLoad.start(stack, seconds: seconds, name: "orchestrator-crash")
        defer { load.kill() }

        // Alternate victims so that one orchestrator is always up, as the issue has it.
        let kills = try await stack.crashInTurn(stack.orchestrators, from: started, loadSeconds: seconds)

        let results = try await ChaosLoad.finish(load, seconds: seconds)
        ChaosLoad.report("1 orchestrator kill -9", results, seconds: seconds, faults: "\(kills) × kill -9 + restart of an orchestrator")
        ChaosLoad.expectAuditPassed(results)
        if !results.auditPassed { Issue.record("sagas the audit names:\n\(await ChaosLoad.sagaEvidence(results, stack))") }
        #expect(kills >= seconds / 5 - 1)
        #expect(Set(results.errors.keys).isSubset(of: ChaosLoad.answeredRetriable), "\(results)")
        #expect(stack.deadServices().isEmpty, "\(stack.deadServices())")
    }
}
