import Foundation
import Testing
import TillTestSupport
import TillWire

/// How a chaos scenario loads its stack: the real `till-load`, open loop, the realistic mix
/// (declines, flaky cards, rejected addresses, fraud blocks, so that sagas compensate too), ending
/// with its invariant audit.
///
/// CI runs each scenario with ≤ 30 s of load; `TILL_CHAOS_LONG=1` stretches every load to the
/// issue's 60 s for manual runs.
enum ChaosLoad {
    /// Whether this is a manual long run (`TILL_CHAOS_LONG=1`).
    static var isLong: Bool { ProcessInfo.processInfo.environment["TILL_CHAOS_LONG"] == "1" }

    /// The load's length: `ci` seconds, or 60 in a long run.
    static func seconds(ci: Int) -> Int { isLong ? 60 : ci }

    /// Checkouts per second offered: modest, since CI has 2 cores and debug builds, yet enough that
    /// every fault hits sagas in flight.
    static let rate = 25

    /// Starts `till-load` against `stack` for `seconds`, waits until checkouts reach the gateway
    /// (the catalogue is stocked and the load runs), and returns it with its start time.
    static func start(_ stack: ChaosStack, seconds: Int, name: String) async throws -> (run: TillLoadRun, started: ContinuousClock.Instant) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("till-chaos-\(name)-\(UUID().uuidString.prefix(8))")
        let run = try TillLoadRun(
            arguments: [
                "--rate", String(rate), "--duration", "\(seconds)s", "--mix", "realistic", "--skus", "20",
                "--max-in-flight", "2000", "--drain", "90s", "--log-level", "error",
            ],
            stackEnvironment: stack.loadEnvironment,
            folder: folder
        )
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            guard run.isRunning else { throw TestSupportError("till-load ended before loading:\n\(run.log().suffix(3_000))") }
            if let stats = try? await stack.simulator.stats(), (stats["requests.authorize"] ?? 0) > 0 {
                return (run, ContinuousClock.now)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        run.kill()
        throw TestSupportError("till-load sent no checkout within 60 s:\n\(run.log().suffix(3_000))")
    }

    /// Waits for the load and its audit; generous, since the audit drains every saga first.
    static func finish(_ run: TillLoadRun, seconds: Int) async throws -> TillLoadResults {
        try await run.finish(timeout: .seconds(seconds + 180))
    }

    /// Codes a client may see for a call that reached no decision and may be resent: the
    /// retriable codes of WIRE.md except `deadline_exceeded`, which is no answer at all.
    static let answeredRetriable: Set<String> = ["unavailable", "overloaded", "idempotency_in_progress"]

    /// The expectations every scenario shares: `till-load` exited 0 with every audit verdict
    /// passed, sagas completed and compensated, no saga reported running or failed_compensation,
    /// and no call failed with a code that is neither a domain answer nor retriable.
    static func expectAuditPassed(_ results: TillLoadResults, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(results.status == 0, "\(results)", sourceLocation: sourceLocation)
        #expect(results.auditPassed, "\(results)", sourceLocation: sourceLocation)
        #expect(results.verdicts.count >= 9, "\(results)", sourceLocation: sourceLocation)
        #expect((results.outcomes["completed"] ?? 0) > 0, "\(results)", sourceLocation: sourceLocation)
        #expect((results.outcomes["compensated"] ?? 0) > 0, "\(results)", sourceLocation: sourceLocation)
        #expect(results.outcomes["failed_compensation"] == nil, "\(results)", sourceLocation: sourceLocation)
        #expect(results.errors["internal"] == nil, "\(results)", sourceLocation: sourceLocation)
    }

    /// `checkout.get` of the first orders a failed audit verdict names, to tell a reader what happened.
    static func sagaEvidence(_ results: TillLoadResults, _ stack: ChaosStack) async -> String {
        // The text summary names the violating orders (the JSON verdict only counts them).
        let failed = results.log.split(separator: "\n").filter { $0.contains("FAIL") }.joined(separator: " ")
        let orders = failed.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == ":" || $0 == "," })
            .filter { $0.hasPrefix("ld-") }.map(String.init)
        var parts: [String] = []
        for orderID in orders.prefix(3) {
            do {
                let saga = try await ChaosStack.client(stack.orchestrators[0]) { try await $0.call("checkout.get", params: ["order_id": .string(orderID)]) }
                parts.append("\(orderID): \(String(decoding: try JSONEncoder().encode(saga), as: UTF8.self).prefix(1_500))")
            } catch {
                parts.append("\(orderID): \(error)")
            }
        }
        return parts.joined(separator: "\n")
    }

    /// One line of figures for docs/RELIABILITY.md, printed by every scenario.
    static func report(_ scenario: String, _ results: TillLoadResults, seconds: Int, faults: String) {
        let checked = results.verdicts.filter { $0.status == "pass" }.count
        print(
            "CHAOS \(scenario): load \(rate)/s × \(seconds) s (\(results.sent) checkouts); faults: \(faults); "
                + "completed \(results.outcomes["completed"] ?? 0), compensated \(results.outcomes["compensated"] ?? 0), "
                + "other answers \(results.outcomes.filter { !["completed", "compensated", "error"].contains($0.key) }), "
                + "failed calls \(results.failed) \(results.errors); invariants passed \(checked)/\(results.verdicts.count)"
        )
    }
}
