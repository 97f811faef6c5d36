import Foundation
import Testing
import TillTestSupport

/// Issue 9, chaos 4: the gateway answers 30 % of requests with `503` and holds 5 % past the
/// payments service's timeout. The gateway breaker must open and close again (its transition
/// counters on `/metrics`), `till-payments` must stay within its retry budget (3 gateway attempts
/// per call: the simulator's request counts against the calls payments served), every payment left
/// `unknown` by a timeout must be resolved (the ledger agrees with the simulator), and the audit
/// must pass.
@Suite("Chaos 4: gateway errors and timeouts under load", .serialized)
struct GatewayFaultTests {
    @Test(.timeLimit(.minutes(6)))
    func breakerOpensAndClosesRetriesStayInBudgetAndUnknownPaymentsResolve() async throws {
        let stack = try await ChaosStack.start(
            orchestrators: 1, payments: 2,
            gateway: ["TILL_GATEWAY_ERROR_RATE": "0.3", "TILL_GATEWAY_TIMEOUT_RATE": "0.05", "TILL_GATEWAY_TIMEOUT_DELAY_MS": "3000"],
            // A short recovery so that the breaker closes within a CI-sized run.
            paymentsEnvironment: ["TILL_GATEWAY_BREAKER_RECOVERY_MS": "1000"]
        )
        defer { stack.stop() }
        let seconds = ChaosLoad.seconds(ci: 15)
        let (load, _) = try await ChaosLoad.start(stack, seconds: seconds, name: "gateway-faults")
        defer { load.kill() }
        let results = try await ChaosLoad.finish(load, seconds: seconds)
        let (ledger, resolvedAfter) = try await LedgerReconciliation.settled(stack, timeout: .seconds(60))

        let stats = try await stack.simulator.stats()
        let opened = try await ChaosStack.metric("till_breaker_transitions_total", matching: [#"name="gateway""#, #"to="open""#], of: stack.payments)
        let closed = try await ChaosStack.metric("till_breaker_transitions_total", matching: [#"name="gateway""#, #"to="closed""#], of: stack.payments)
        var budget: [String: (gateway: Int, calls: Double)] = [:]
        for (endpoint, method) in [("authorize", "payments.authorize"), ("capture", "payments.capture"), ("void", "payments.void")] {
            let calls = try await ChaosStack.metric("till_rpc_requests_total", matching: [#"method="\#(method)""#], of: stack.payments)
            budget[endpoint] = (stats["requests.\(endpoint)"] ?? 0, calls)
        }
        ChaosLoad.report(
            "4 gateway 30 % errors, 5 % timeouts", results, seconds: seconds,
            faults: "\(stats["injected_errors"] ?? 0) injected 503s, \(stats["delayed_answers"] ?? 0) held answers; breaker opened \(Int(opened)) ×, "
                + "closed \(Int(closed)) ×; gateway requests per payments call \(budget.mapValues { "\($0.gateway)/\(Int($0.calls))" }); \(ledger) (agreed \(resolvedAfter) after the load)"
        )
        #expect((stats["injected_errors"] ?? 0) > 0 && (stats["delayed_answers"] ?? 0) > 0, "\(stats)")
        #expect(opened >= 1, "the breaker never opened")
        #expect(closed >= 1, "the breaker never closed again")
        for (endpoint, figures) in budget {
            #expect(Double(figures.gateway) <= 3 * figures.calls, "\(endpoint): \(figures.gateway) gateway requests for \(figures.calls) calls")
        }
        ChaosLoad.expectAuditPassed(results)
        if !results.auditPassed { Issue.record("sagas the audit names:\n\(await ChaosLoad.sagaEvidence(results, stack))") }
        if !ledger.agrees { Issue.record("\(ledger)\n\(await ledger.evidence(stack))") }
        #expect(stack.deadServices().isEmpty, "\(stack.deadServices())")
    }
}
