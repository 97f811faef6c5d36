import Foundation
import Logging
import Testing
import TillAPI
import TillTestSupport
import TillWire

@testable import TillCLI

/// Issue 9: on a `till up` stack, after checkouts and payments calls that carry a card number in
/// free-form fields, neither the cluster key, the webhook secrets nor the card number appears in
/// `till up`/`status`/`down` output (healthy, degraded, no stack), any `/metrics`, any log file,
/// `stack.json`, or any error answer of the services, the webhook listener or the simulator.
@Suite("secrets on a till up stack", .serialized)
struct TillStackSecretsTests {
    static let pan = "4242424242424242"
    static let spacedPAN = "4242 4242 4242 4242"

    @Test(.enabled(if: TillUpEndToEndTests.servicesAreReal, "the service executables are still stubs"), .timeLimit(.minutes(5)))
    func noSecretInStatusMetricsLogsOrAnswers() async throws {
        #expect(Self.isLuhnValid(Self.pan))
        let folder = try TemporaryFolder("till-secrets")
        defer { folder.remove() }
        let directory = folder.url.appendingPathComponent(".till").path
        let layout = StackLayout(directory: directory)
        let up = try await TillProgram.run(["up", "--detach", "--dir", directory, "--readiness-timeout", "90"], timeout: .seconds(240))
        defer { layout.killLeftovers() }
        try #require(up.status == 0, "till up failed: \(up)")
        let env = Dictionary(try StackEnvFile.read(from: layout.environmentFile).entries.map { ($0.key, $0.value) }) { $1 }
        let clusterKeys = try #require(env["TILL_CLUSTER_KEY"]).split(separator: ",").map(String.init)
        let webhookSecrets = try #require(env["TILL_WEBHOOK_SECRETS"]).split(separator: ",").map(String.init)
        try #require(clusterKeys.allSatisfy { $0.count >= 16 } && webhookSecrets.allSatisfy { $0.count >= 16 })

        var outputs: [(String, String)] = [("till up", "\(up)")]
        var answers = try await Self.callsCarryingThePAN(env: env, key: clusterKeys[0])

        // Every HTTP surface: /metrics of each admin port, the simulator's answers.
        let record = try #require(try StackRecord.read(from: layout.recordFile))
        // The simulator is given an admin port but serves /metrics on its API port (asked below).
        for process in record.processes where process.role != .gatewaySimulator {
            for port in process.ports where port.purpose == "admin" {
                let metrics = try await Self.http("\(process.name) /metrics", "GET", "/metrics", port: port.port)
                #expect(metrics.status == 200, "\(process.name) /metrics")
                outputs.append(("\(process.name) /metrics", metrics.body))
            }
        }
        if let gateway = env["TILL_GATEWAY_URL"], let port = URL(string: gateway)?.port {
            for path in ["/v1/payments/pay_sec-line", "/_sim/stats", "/metrics"] {
                let answer = try await Self.http("simulator \(path)", "GET", path, port: port)
                answers.append(("simulator GET \(path)", "\(answer.status) \(answer.body)"))
            }
        }

        // `till status`, healthy; then degraded (one replica killed); the record it reads.
        let healthy = try await TillProgram.run(["status", "--dir", directory], timeout: .seconds(60))
        #expect(healthy.status == 0, "\(healthy)")
        outputs.append(("till status", "\(healthy)"))
        let victim = try #require(record.processes.first { $0.name.hasPrefix("shipping") })
        kill(victim.process.pid, SIGKILL)
        try await Task.sleep(for: .milliseconds(300))
        let degraded = try await TillProgram.run(["status", "--dir", directory], timeout: .seconds(60))
        #expect(degraded.status == 1, "\(degraded)")
        outputs.append(("till status, degraded", "\(degraded)"))
        outputs.append(("stack.json", (try? String(contentsOf: layout.recordFile, encoding: .utf8)) ?? ""))

        let down = try await TillProgram.run(["down", "--dir", directory], timeout: .seconds(180))
        outputs.append(("till down", "\(down)"))
        let none = try await TillProgram.run(["status", "--dir", directory], timeout: .seconds(60))
        #expect(none.status == 1, "\(none)")
        outputs.append(("till status, no stack", "\(none)"))

        // Every log file, read after `till down` so that it holds the shutdown too.
        let logs = try FileManager.default.contentsOfDirectory(at: layout.logsDirectory, includingPropertiesForKeys: nil)
        #expect(logs.count >= 5, "\(logs.map(\.lastPathComponent))")
        for file in logs {
            outputs.append(("log \(file.lastPathComponent)", (try? String(contentsOf: file, encoding: .utf8)) ?? ""))
        }
        let logBytes = outputs.filter { $0.0.hasPrefix("log ") }.map(\.1.utf8.count).reduce(0, +)
        #expect(logBytes > 1_000, "the logs hold only \(logBytes) bytes: nothing to search")

        let secrets = clusterKeys.map { ("the cluster key", $0) } + webhookSecrets.map { ("a webhook secret", $0) }
            + [("the card number", Self.pan), ("the spaced card number", Self.spacedPAN)]
        for (place, text) in outputs + answers {
            for (name, secret) in secrets {
                #expect(!text.contains(secret), "\(place) holds \(name)")
            }
        }
        print("till-secrets: checked \(outputs.count) outputs/logs and \(answers.count) answers for \(secrets.count) secrets")
    }

    /// Checkouts and payments calls with the card number in free-form fields (card token, e-mail,
    /// address, refund reason, an invalid id), and a forged webhook carrying it: each answer as text.
    private static func callsCarryingThePAN(env: [String: String], key: String) async throws -> [(String, String)] {
        var answers: [(String, String)] = []
        func client(_ variable: String) throws -> RPCClient {
            let text = try #require(env[variable])
            var configuration = RPCClientConfiguration(addresses: try PeerAddress.list(text), clientName: "secrets-test", key: SecretKey(key))
            configuration.defaultDeadline = .seconds(30)
            return RPCClient(configuration: configuration, logger: Logger(label: "secrets", factory: { _ in SwiftLogNoOpLogHandler() }))
        }
        func record(_ name: String, _ body: () async throws -> JSONValue) async {
            do {
                let result = try await body()
                answers.append((name, "\(result)"))
            } catch let error as RPCError {
                answers.append((name, "\(error) \(error.details.map { "\($0)" } ?? "")"))
            } catch {
                answers.append((name, "\(error)"))
            }
        }

        let inventory = try client("TILL_INVENTORY_ADDR")
        let orchestrator = try client("TILL_ORCHESTRATOR_ADDR")
        let payments = try client("TILL_PAYMENTS_ADDR")
        await record("stock.set") {
            try await inventory.call(
                "inventory.stock.set", params: ["sku": "secret-sku", "on_hand": 10, "price": ["amount": 1_500, "currency": "USD"]]
            )
        }
        func order(_ id: String, token: String = "tok_visa", email: String = "ada@example.com", line1: String = "Main St 1") -> JSONValue {
            [
                "order_id": .string(id),
                "customer": ["id": .string("cus-\(id)"), "email": .string(email), "ip": "203.0.113.7"],
                "items": [["sku": "secret-sku", "quantity": 1]],
                "currency": "USD", "card_token": .string(token), "billing_country": "DE",
                "shipping_address": ["name": "Ada", "line1": .string(line1), "city": "Berlin", "postal_code": "10115", "country": "DE"],
            ]
        }
        await record("checkout, PAN as card token") { try await orchestrator.call("checkout.start", params: order("sec-token", token: Self.pan)) }
        await record("checkout, PAN in e-mail") { try await orchestrator.call("checkout.start", params: order("sec-mail", email: "\(Self.pan)@example.com")) }
        await record("checkout, PAN in address") { try await orchestrator.call("checkout.start", params: order("sec-line", line1: Self.spacedPAN)) }
        // Not a valid id (a space): refused without echoing it. A *valid* id made of 16 digits is the
        // caller's own key, not a free-form field: results and `not_found` messages echo it.
        await record("payments.get, PAN and a space") { try await payments.call("payments.get", params: ["payment_id": .string("\(Self.pan) x")]) }
        await record("payments.refund, PAN in reason") {
            try await payments.call(
                "payments.refund", params: ["payment_id": "pay_sec-line", "amount": 1, "reason": .string("card \(Self.spacedPAN)")],
                idempotencyKey: "sec-refund"
            )
        }
        await inventory.shutdown()
        await orchestrator.shutdown()
        await payments.shutdown()

        // A forged webhook whose body carries the card number: 400, and the answer must not echo it.
        if let url = env["TILL_PAYMENTS_WEBHOOK"].flatMap(URL.init(string:)), let port = url.port {
            let body = #"{"id":"evt_sec","type":"charge.captured","data":{"payment_id":"\#(Self.pan)","card":"\#(Self.spacedPAN)"}}"#
            let answer = try await Self.http(
                "forged webhook to \(url)", "POST", url.path, port: port,
                headers: [("Content-Type", "application/json"), ("Stripe-Signature", "t=1,v1=00")], body: body
            )
            answers.append(("forged webhook", "\(answer.status) \(answer.body)"))
        }
        return answers
    }

    /// `RawHTTP.send`, its failure naming what was asked.
    private static func http(
        _ what: String, _ method: String, _ path: String, port: Int, headers: [(String, String)] = [], body: String = ""
    ) async throws -> RawHTTP.Response {
        do {
            return try await RawHTTP.send(method, path, port: port, headers: headers, body: body)
        } catch {
            throw TestSupportError("\(what) (port \(port)): \(error)")
        }
    }

    /// The Luhn check digit test, so the test proves its card number is one a redactor must catch.
    static func isLuhnValid(_ digits: String) -> Bool {
        let values = digits.compactMap(\.wholeNumberValue)
        guard values.count == digits.count, values.count >= 12 else { return false }
        let sum = values.reversed().enumerated().reduce(0) { sum, pair in
            guard pair.offset % 2 == 1 else { return sum + pair.element }
            let doubled = pair.element * 2
            return sum + (doubled > 9 ? doubled - 9 : doubled)
        }
        return sum % 10 == 0
    }
}
