import ArgumentParser
import Foundation
import Synchronization
import TillWire

/// `till-bench authorize`: `payments.authorize` with `tok_visa` through a real `till-payments`
/// against a zero-latency `till-gateway-sim`, with the Redis commands the payments process sent
/// per authorize (its `till_redis_commands_total`, read from `/metrics` before and after).
struct AuthorizeBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "authorize",
        abstract: "payments.authorize (tok_visa, fresh payments and customers) through till-payments and till-gateway-sim."
    )

    @Option(help: "Requests in flight to measure at, comma-separated.")
    var concurrency: String = "64"

    @Option(help: "Authorizations per concurrency level.")
    var requests: Int = 60_000

    @Option(help: "Authorizations before measuring (at 64 in flight).")
    var warmup: Int = 5_000

    @Option(help: "RPC connections to till-payments (requests are multiplexed over them).")
    var connections: Int = 2

    @Flag(help: "Keep the services' logs (warnings and worse) and print where they are.")
    var keepLogs = false

    func run() async throws {
        let levels = concurrency.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !levels.isEmpty, levels.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--concurrency: expected positive integers like 16,64, got \"\(concurrency)\"")
        }
        let stack = try await PaymentsStack.start()
        let client = RPCBenchClient.make(port: stack.paymentsPort, key: LocalStack.clusterKey, connections: connections)
        let firstError = FirstError()

        _ = await ClosedLoop.run(concurrency: 64, total: warmup) { index in
            try await firstError.recording { try await Self.authorize(client, id: "w-\(index)") }
        }
        Report.emit("\n== payments.authorize tok_visa (till-payments, \(connections) connections; till-gateway-sim, no latency)")
        Report.emit("in flight auth/s      p50 µs    p99 µs    p99.9 µs  Redis commands per authorize")
        for (round, level) in levels.enumerated() {
            let before = try await stack.paymentsRedisCommands()
            let cpuBefore = PaymentsCPUSample.take(stack)
            let result = await ClosedLoop.run(concurrency: level, total: requests - requests % level) { index in
                try await firstError.recording { try await Self.authorize(client, id: "r\(round)-\(index)") }
            }
            let cpu = PaymentsCPUSample.take(stack).summary(since: cpuBefore, requests: result.completed)
            let commands = try await stack.paymentsRedisCommands() - before
            var line = Report.padded(level, result)
            line += Report.format(commands / Double(max(result.completed, 1)), decimals: 2)
            if result.failed > 0 { line += "  (\(result.failed) failed; first: \(firstError.description))" }
            Report.emit(line)
            Report.emit("  " + cpu)
        }
        await client.shutdown()
        await stack.stop(keepLogs: keepLogs)
    }

    /// A run-unique prefix, so that a benchmark against a reused Redis never replays old payments.
    static let run = String(UUID().uuidString.prefix(8)).lowercased()

    /// Authorizes payment `pay_<run>_<id>` of customer `cus_<run>_<id>` (fresh customers: velocity
    /// and rate limits count per customer) for 49.99 USD with `tok_visa`.
    static func authorize(_ client: RPCClient, id: String) async throws {
        let paymentID = paymentID(id)
        let params: JSONValue = [
            "payment_id": .string(paymentID),
            "order_id": .string("ord_\(run)_\(id)"),
            "amount": 4_999,
            "currency": "USD",
            "card_token": "tok_visa",
            "customer": ["id": .string("cus_\(run)_\(id)"), "email": .string("c\(id)@bench.example")],
            "billing_country": "US",
        ]
        _ = try await client.call("payments.authorize", params: params, idempotencyKey: "authorize:" + paymentID)
    }

    static func paymentID(_ id: String) -> String { "pay_\(run)_\(id)" }
}

/// The first failure of a run, so that a report of failures says what they were.
final class FirstError: Sendable, CustomStringConvertible {
    private let first = Mutex<String?>(nil)

    func recording(_ operation: () async throws -> Void) async throws {
        do {
            try await operation()
        } catch {
            first.withLock { $0 = $0 ?? "\(error)" }
            throw error
        }
    }

    var description: String { first.withLock { $0 ?? "none" } }
}

extension Report {
    /// Concurrency, rate and latency percentiles, padded like ``Report/line(level:result:reference:)``.
    static func padded(_ level: Int, _ result: LoadResult) -> String {
        [
            "\(level)", format(result.requestsPerSecond), format(result.percentileMicros(50)),
            format(result.percentileMicros(99)), format(result.percentileMicros(99.9)),
        ].enumerated().map { index, text in
            let width = index == 0 ? 10 : index == 1 ? 13 : 10
            return text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
        }.joined()
    }
}
