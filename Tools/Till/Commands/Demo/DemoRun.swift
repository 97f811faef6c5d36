import TillRedis

/// One pass over the scenarios with a session on the stack `settings` name.
struct DemoRun {
    /// How many scenarios ran, and how many of them failed.
    struct Verdict: Sendable {
        var total: Int
        var failed: Int
    }

    let settings: ClientSettings
    let console: Console

    /// Runs every scenario and prints each.
    func run() async throws(TillError) -> Verdict {
        let settings = self.settings
        let console = self.console
        return try await RedisSession.run(settings: settings) { redis in
            let events = DemoEventLog()
            let subscription = try await redis.subscribe([EventsCommand.channel])
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await events.record(subscription) }
                defer {
                    subscription.unsubscribe()
                    group.cancelAll()
                }
                let session = try DemoSession(settings: settings, redis: redis, events: events)
                let verdict = await Self.scenarios(session: session, console: console)
                await session.shutdown()
                return verdict
            }
        }
    }

    private static func scenarios(session: DemoSession, console: Console) async -> Verdict {
        let scenarios = DemoScenario.all
        console.line("demo: run \(session.runID), \(scenarios.count) checkout scenarios")
        var failed = 0
        for (index, scenario) in scenarios.enumerated() {
            console.line("")
            console.line("[\(index + 1)/\(scenarios.count)] \(scenario.title)")
            var report = DemoReport()
            do {
                try await scenario.body(session, &report)
            } catch {
                report.fail("stopped: \(error)")
            }
            for line in report.lines { console.line(line) }
            if report.passed {
                console.line("  → scenario \(index + 1) passed")
            } else {
                failed += 1
                console.line("  → scenario \(index + 1) FAILED: \(report.failures.joined(separator: "; "))")
            }
        }
        return Verdict(total: scenarios.count, failed: failed)
    }
}
