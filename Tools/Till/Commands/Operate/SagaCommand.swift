import ArgumentParser
import Foundation
import TillAPI
import TillClients
import TillWire

/// `till saga list|show|retry`: the checkout sagas as the orchestrator records them.
struct SagaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "saga",
        abstract: "List checkout sagas, show one's step timeline, or re-drive a stuck one.",
        subcommands: [List.self, Show.self, Retry.self]
    )

    /// `till saga list [--state s] [--limit n]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sagas, newest first, optionally in one state.")

        @OptionGroup var client: ClientOptions

        @Option(help: ArgumentHelp("Only sagas in this state: running, completed, compensated, failed_compensation.", valueName: "state"))
        var state: String?

        @Option(help: ArgumentHelp("At most this many sagas (following pages as needed).", valueName: "count"))
        var limit = 50

        @Flag(help: "Print one JSON saga view per line.")
        var json = false

        func validate() throws {
            if let state, SagaState(rawValue: state) == nil {
                let known = SagaState.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("--state: expected one of \(known), got \(state.debugDescription)")
            }
            guard (1...10_000).contains(self.limit) else { throw ValidationError("--limit: expected 1 to 10000, got \(self.limit)") }
        }

        func run() async throws {
            try await CommandReport.run("saga list") { console throws(TillError) in
                let settings = try self.client.settings(environment: ProcessInfo.processInfo.environment)
                let state = self.state.flatMap(SagaState.init(rawValue:))
                let limit = self.limit
                let sagas = try await ServiceCall.run(.orchestrator, settings: settings) { rpc throws(RPCError) in
                    let checkout = CheckoutClient(rpc: rpc)
                    var sagas: [SagaView] = []
                    var cursor: String?
                    repeat {
                        let page = try await checkout.list(CheckoutListParams(state: state, limit: min(200, limit - sagas.count), cursor: cursor))
                        sagas += page.sagas
                        cursor = page.cursor
                    } while cursor != nil && sagas.count < limit
                    return Array(sagas.prefix(limit))
                }
                if self.json {
                    for saga in sagas { console.line(try CommandReport.json(saga)) }
                    return
                }
                guard !sagas.isEmpty else {
                    console.line(state.map { "no sagas in state \($0.rawValue)" } ?? "no sagas")
                    return
                }
                for line in SagaCommand.table(sagas) { console.line(line) }
            }
        }
    }

    /// `till saga show <order_id>`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a saga's step timeline.")

        @OptionGroup var client: ClientOptions

        @Argument(help: "The order id.")
        var orderID: String

        @Flag(help: "Print the saga view as JSON.")
        var json = false

        func run() async throws {
            try await CommandReport.run("saga show") { console throws(TillError) in
                let settings = try self.client.settings(environment: ProcessInfo.processInfo.environment)
                let saga = try await ServiceCall.run(.orchestrator, settings: settings) { rpc throws(RPCError) in
                    try await CheckoutClient(rpc: rpc).get(orderID: self.orderID)
                }
                SagaCommand.print(saga, json: self.json, console: console)
            }
        }
    }

    /// `till saga retry <order_id>`: `checkout.recover`.
    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-drive the compensations of a failed_compensation saga (checkout.recover).",
            discussion: "Fix the cause first (the service that kept failing). Any other state is refused with invalid_state."
        )

        @OptionGroup var client: ClientOptions

        @Argument(help: "The order id.")
        var orderID: String

        @Flag(help: "Print the saga view as JSON.")
        var json = false

        func run() async throws {
            try await CommandReport.run("saga retry") { console throws(TillError) in
                let settings = try self.client.settings(environment: ProcessInfo.processInfo.environment)
                let saga = try await ServiceCall.run(.orchestrator, settings: settings) { rpc throws(RPCError) in
                    try await CheckoutClient(rpc: rpc).recover(orderID: self.orderID)
                }
                SagaCommand.print(saga, json: self.json, console: console)
                guard saga.state == .compensated else {
                    throw TillError(.rejected, "saga \(saga.sagaID) is \(saga.state.rawValue) after the retry")
                }
            }
        }
    }

    static func print(_ saga: SagaView, json: Bool, console: Console) {
        if json, let text = try? CommandReport.json(saga) {
            console.line(text)
        } else {
            for line in SagaTimeline.lines(saga) { console.line(line) }
        }
    }

    /// `ORDER  STATE  TOTAL  UPDATED  FAILED STEP`, columns aligned.
    static func table(_ sagas: [SagaView]) -> [String] {
        let rows = [["ORDER", "STATE", "TOTAL", "UPDATED", "FAILED STEP"]] + sagas.map { saga in
            let failed = saga.steps.first { $0.state == .failed || $0.state == .compensationFailed }
            return [
                saga.orderID, saga.state.rawValue,
                MoneyText.format(saga.total.amount, currency: saga.total.currency),
                SagaTimeline.timestamp(saga.updatedAt),
                failed.map { "\($0.name)\($0.error.map { " (\($0.code.rawValue))" } ?? "")" } ?? "",
            ]
        }
        var widths = [Int](repeating: 0, count: 5)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}
