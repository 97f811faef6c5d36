import ArgumentParser
import Foundation
import TillPayments
import TillRedis

/// `till fraud block|unblock|list`: the fraud blocklist every payments replica reads, the Redis
/// set `till:fraud:blocklist`; a change applies to the next authorization, without a deploy.
struct FraudCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fraud",
        abstract: "Edit the fraud blocklist (e-mail addresses and customer ids).",
        subcommands: [Block.self, Unblock.self, List.self]
    )

    /// `till fraud block <email>`.
    struct Block: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Refuse every payment of an e-mail address or customer id.")

        @OptionGroup var redis: RedisOptions

        @Argument(help: ArgumentHelp("An e-mail address (any case) or a customer id.", valueName: "email"))
        var entry: String

        func run() async throws {
            try await CommandReport.run("fraud block") { console throws(TillError) in
                let entry = try FraudCommand.validated(self.entry)
                let added = try await RedisSession.run(settings: try self.redis.settings(environment: ProcessInfo.processInfo.environment)) {
                    try await RedisFraudBlocklist(redis: $0).add(entry)
                }
                let shown = RedisFraudBlocklist.normalize(entry)
                console.line(added ? "blocked \(shown)" : "\(shown) was already blocked")
            }
        }
    }

    /// `till fraud unblock <email>`.
    struct Unblock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take an e-mail address or customer id off the blocklist.")

        @OptionGroup var redis: RedisOptions

        @Argument(help: ArgumentHelp("An e-mail address (any case) or a customer id.", valueName: "email"))
        var entry: String

        func run() async throws {
            try await CommandReport.run("fraud unblock") { console throws(TillError) in
                let entry = try FraudCommand.validated(self.entry)
                let removed = try await RedisSession.run(settings: try self.redis.settings(environment: ProcessInfo.processInfo.environment)) {
                    try await RedisFraudBlocklist(redis: $0).remove(entry)
                }
                let shown = RedisFraudBlocklist.normalize(entry)
                console.line(removed ? "unblocked \(shown)" : "\(shown) was not blocked")
            }
        }
    }

    /// `till fraud list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every blocked e-mail address and customer id.")

        @OptionGroup var redis: RedisOptions

        @Flag(help: "Print the entries as a JSON array.")
        var json = false

        func run() async throws {
            try await CommandReport.run("fraud list") { console throws(TillError) in
                let entries = try await RedisSession.run(settings: try self.redis.settings(environment: ProcessInfo.processInfo.environment)) {
                    try await RedisFraudBlocklist(redis: $0).entries()
                }
                if self.json {
                    console.line(try CommandReport.json(entries))
                } else {
                    for entry in entries { console.line(entry) }
                }
            }
        }
    }

    /// `entry` trimmed; refused when empty or holding whitespace (a pasted line break would block nobody).
    static func validated(_ entry: String) throws(TillError) -> String {
        let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.contains(where: \.isWhitespace), trimmed.count <= 254 else {
            throw TillError(.usage, "expected an e-mail address or customer id without spaces, got \(entry.debugDescription)")
        }
        return trimmed
    }
}
