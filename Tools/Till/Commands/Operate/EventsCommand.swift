import ArgumentParser
import Foundation
import TillRedis
import UnixSignals

/// `till events`: tails the event bus (`till.events`) until Ctrl-C, one line per event.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Tail the event bus (pub/sub channel till.events).",
        discussion: """
            Pub/sub is at-most-once: events published while nobody listens are not replayed. \
            Prints one line per event (time, type, fields) or, with --json, each event as published. \
            Stops on Ctrl-C, after --count events, or after --for seconds.
            """
    )

    /// The channel every service publishes its state changes on.
    static let channel = "till.events"

    @OptionGroup var redis: RedisOptions

    @Option(
        name: .customLong("type"),
        help: ArgumentHelp("Only events of this type; a trailing * matches a prefix (saga.*). Repeatable.", valueName: "type")
    )
    var types: [String] = []

    @Flag(help: "Print each event as the JSON published.")
    var json = false

    @Option(help: ArgumentHelp("Stop after this many events.", valueName: "count"))
    var count: Int?

    @Option(name: .customLong("for"), help: ArgumentHelp("Stop after this many seconds.", valueName: "seconds"))
    var duration: Int?

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count: expected at least 1, got \(count)") }
        if let duration, duration < 1 { throw ValidationError("--for: expected at least 1 second, got \(duration)") }
    }

    func run() async throws {
        let filter = EventFilter(self.types)
        try await CommandReport.run("events") { console throws(TillError) in
            let settings = try self.redis.settings(environment: ProcessInfo.processInfo.environment)
            let (endpoint, _, _) = try settings.redis()
            try await RedisSession.run(settings: settings) { redis in
                let subscription = try await redis.subscribe([Self.channel])
                // On standard error, so that standard output holds only events (for pipes and --json).
                console.error("listening on \(Self.channel) at \(endpoint.displayURL) (Ctrl-C to stop)")
                let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        var shown = 0
                        for await message in subscription {
                            let event = EventLine(message.string)
                            guard filter.admits(type: event.type) else { continue }
                            console.line(self.json ? event.raw : event.pretty())
                            shown += 1
                            if let count = self.count, shown >= count { return }
                        }
                    }
                    group.addTask {
                        for await _ in signals { return }
                    }
                    if let duration = self.duration {
                        group.addTask { try? await Task.sleep(for: .seconds(duration)) }
                    }
                    await group.next()
                    subscription.unsubscribe()
                    group.cancelAll()
                }
            }
        }
    }
}
