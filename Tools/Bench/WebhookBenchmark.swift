import ArgumentParser
import Foundation
import NIOCore
import NIOHTTP1
import TillCrypto
import TillWire

/// `till-bench webhook`: signed `charge.captured` deliveries of distinct event ids, for payments
/// authorized beforehand, to `POST /webhooks/gateway` of a real `till-payments` — each one
/// verified, claimed, applied to the ledger and marked done.
struct WebhookBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook",
        abstract: "Verified gateway webhook deliveries (Stripe-Signature, distinct event ids) to till-payments."
    )

    @Option(help: "Deliveries in flight (one HTTP/1.1 keep-alive connection each), comma-separated.")
    var concurrency: String = "64"

    @Option(help: "Deliveries per concurrency level.")
    var requests: Int = 100_000

    @Option(help: "Payments authorized first; deliveries are spread over them.")
    var payments: Int = 5_000

    @Flag(help: "Keep the services' logs (warnings and worse) and print where they are.")
    var keepLogs = false

    func run() async throws {
        let levels = concurrency.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !levels.isEmpty, levels.allSatisfy({ $0 > 0 }), payments > 0 else {
            throw ValidationError("--concurrency: expected positive integers like 16,64, got \"\(concurrency)\"")
        }
        let stack = try await PaymentsStack.start()
        let rpc = RPCBenchClient.make(port: stack.paymentsPort, key: LocalStack.clusterKey, connections: 2)
        let authorized = await ClosedLoop.run(concurrency: 64, total: payments - payments % 64) { index in
            try await AuthorizeBenchmark.authorize(rpc, id: "h-\(index)")
        }
        await rpc.shutdown()
        guard authorized.failed == 0 else { throw BenchError("\(authorized.failed) of the payments to deliver webhooks for were not authorized") }
        let paymentCount = authorized.completed

        let http = try await BenchHTTPClient.connect(host: "127.0.0.1", port: stack.webhookPort, connections: levels.max() ?? 64)
        let firstError = FirstError()
        let delivery: @Sendable (String, Int) async throws -> Void = { prefix, index in
            try await firstError.recording {
                let body = Self.event(id: "evt_\(AuthorizeBenchmark.run)_\(prefix)\(index)", paymentID: AuthorizeBenchmark.paymentID("h-\(index % paymentCount)"))
                let answer = try await http.send(
                    method: .POST, path: "/webhooks/gateway",
                    headers: [("Content-Type", "application/json"), ("Stripe-Signature", Self.signature(body))],
                    body: ByteBuffer(bytes: body)
                )
                guard answer.status == 200, answer.text.contains("processed") else {
                    throw BenchError("answered \(answer.status) \(answer.text)")
                }
            }
        }
        _ = await ClosedLoop.run(concurrency: 64, total: 6_400) { try await delivery("w", $0) }

        Report.emit("\n== POST /webhooks/gateway, signed charge.captured of distinct event ids over \(paymentCount) payments (till-payments)")
        Report.emit("in flight deliveries/s p50 µs  p99 µs    p99.9 µs")
        for (round, level) in levels.enumerated() {
            let cpuBefore = PaymentsCPUSample.take(stack)
            let result = await ClosedLoop.run(concurrency: level, total: requests - requests % level) { try await delivery("r\(round)-", $0) }
            let cpu = PaymentsCPUSample.take(stack).summary(since: cpuBefore, requests: result.completed)
            var line = Report.padded(level, result)
            if result.failed > 0 { line += "  (\(result.failed) failed; first: \(firstError.description))" }
            Report.emit(line)
            Report.emit("  " + cpu)
        }
        await http.close()
        await stack.stop(keepLogs: keepLogs)
    }

    /// The body the simulator sends for a capture (`docs/GATEWAY-SIM.md`, "Webhooks").
    static func event(id: String, paymentID: String) -> [UInt8] {
        let created = Int(Date().timeIntervalSince1970)
        let json = #"{"created":\#(created),"data":{"object":{"amount":4999,"captured_amount":4999,"currency":"USD","#
            + #""payment_id":"\#(paymentID)","refunded_amount":0,"state":"captured"}},"id":"\#(id)","type":"charge.captured"}"#
        return Array(json.utf8)
    }

    /// `t=<now>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>`.
    static func signature(_ body: [UInt8]) -> String {
        let timestamp = String(Int(Date().timeIntervalSince1970))
        let mac = Digest.hmacSHA256(key: Array(PaymentsStack.webhookSecret.utf8), message: Array((timestamp + ".").utf8) + body)
        return "t=\(timestamp),v1=\(Hex.encode(mac))"
    }
}
