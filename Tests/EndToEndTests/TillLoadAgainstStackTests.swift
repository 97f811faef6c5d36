import Foundation
import Testing
import TillProcess
import TillTestSupport

@testable import TillCLI

/// `till-load` as a user runs it: against a stack `till up --detach` started, reading the stack's
/// `.till/stack.env`, with the realistic mix (declines, flaky cards, rejected addresses, fraud
/// blocks), auditing the invariants through the public methods afterwards.
@Suite("till-load against till up", .serialized)
struct TillLoadAgainstStackTests {
    @Test(.timeLimit(.minutes(5)))
    func aFiveSecondRealisticLoadPassesItsAuditAndWritesBothReports() async throws {
        let folder = try TemporaryFolder("till-load-stack")
        defer { folder.remove() }
        let directory = folder.url.appendingPathComponent(".till").path
        let layout = StackLayout(directory: directory)

        let up = try await TillProgram.run(["up", "--detach", "--dir", directory, "--readiness-timeout", "90"], timeout: .seconds(240))
        defer { layout.killLeftovers() }
        try #require(up.status == 0, "till up failed: \(up)")

        let results = folder.url.appendingPathComponent("results.json")
        let load = try await Self.runLoad(
            ["--stack-env", layout.environmentFile.path, "--duration", "5s", "--concurrency", "8",
             "--skus", "20", "--mix", "realistic", "--out", results.path],
            in: folder.url
        )
        #expect(load.status == 0, "till-load: \(load)")
        #expect(load.output.contains("audit: passed"), "\(load)")
        #expect(!load.output.contains("FAIL"), "\(load)")

        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: results)) as? [String: Any],
            "results.json is not a JSON object"
        )
        let succeeded = try #require(json["succeeded"] as? Int)
        #expect(succeeded > 0, "no checkout succeeded in 5 s")
        #expect(json["failed"] as? Int == 0, "\(json["errors"] ?? "")")
        let outcomes = try #require(json["outcomes"] as? [String: Int])
        #expect((outcomes["completed"] ?? 0) > 0, "\(outcomes)")
        #expect(outcomes["running"] == nil && outcomes["failed_compensation"] == nil, "\(outcomes)")
        let latency = try #require(json["latency"] as? [String: Any])
        let percentiles = try #require(latency["percentiles"] as? [[String: Any]])
        #expect(percentiles.compactMap { $0["percentile"] as? Double } == [50, 75, 90, 95, 99, 99.9, 99.99])
        let verdicts = try #require((json["audit"] as? [String: Any])?["verdicts"] as? [[String: Any]])
        #expect(verdicts.count >= 9, "\(verdicts)")
        #expect(verdicts.allSatisfy { $0["status"] as? String == "pass" }, "\(verdicts)")

        let html = try String(contentsOf: folder.url.appendingPathComponent("results.html"), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") || html.hasPrefix("<!doctype html>"), "results.html does not start as HTML")
        #expect(html.components(separatedBy: "<svg").count - 1 >= 3, "the report lacks its charts")

        let down = try await TillProgram.run(["down", "--dir", directory], timeout: .seconds(180))
        #expect(down.status == 0, "till down: \(down)")
    }

    /// Runs the built `till-load` with output in a file, the test's `TILL_*` variables removed so
    /// it reads only the stack's env file.
    private static func runLoad(_ arguments: [String], in folder: URL) async throws -> (status: Int32?, output: String) {
        let log = folder.appendingPathComponent("till-load.log")
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TILL_") }
        let process = try SpawnedProcess(
            executable: try Executables.locateProduct("till-load").path, arguments: arguments, environment: environment, output: log.path
        )
        let status = try await process.waitForExit(timeout: .seconds(150))
        if status == nil { process.signal(SIGKILL) }
        return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
