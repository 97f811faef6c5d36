import ArgumentParser
import Foundation

/// Runs an operator command's body and reports its ``TillError`` as one line on standard error
/// (`till stock get: not_found: …`), exiting 1.
enum CommandReport {
    static func run(_ command: String, _ body: (Console) async throws(TillError) -> Void) async throws(ExitCode) {
        let console = Console()
        do {
            try await body(console)
        } catch {
            console.report(error, command: command)
            throw ExitCode.failure
        }
    }

    /// `value` as one line of JSON, keys sorted: what `--json` prints.
    static func json(_ value: some Encodable) throws(TillError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw TillError(.usage, "cannot encode the result as JSON: \(error)")
        }
    }
}
