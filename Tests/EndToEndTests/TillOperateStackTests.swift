import Foundation
import Logging
import Testing
import TillAPI
import TillClients
import TillTestSupport
import TillWire

@testable import TillCLI

/// The operator commands against a stack started by `till up --detach`, as an operator uses them.
@Suite("till operator commands on a till up stack", .serialized)
struct TillOperateStackTests {
    @Test(.enabled(if: TillUpEndToEndTests.servicesAreReal, "the service executables are still stubs"), .timeLimit(.minutes(5)))
    func stockFraudReconcileAndSagaOnALiveStack() async throws {
        let folder = try TemporaryFolder("till-operate-up")
        defer { folder.remove() }
        let directory = folder.url.appendingPathComponent(".till").path
        let up = try await TillProgram.run(["up", "--detach", "--dir", directory, "--readiness-timeout", "90"], timeout: .seconds(240))
        let layout = StackLayout(directory: directory)
        defer { layout.killLeftovers() }
        try #require(up.status == 0, "till up failed: \(up)")
        func till(_ arguments: [String]) async throws -> TillProgram.Run {
            try await TillProgram.run(arguments + ["--dir", directory], timeout: .seconds(90))
        }

        let set = try await till(["stock", "set", "lamp", "--on-hand", "3", "--price", "49.99"])
        #expect(set.stdout == "lamp: 3 on hand, 0 reserved, 3 available at 49.99 USD\n", "\(set)")
        #expect(try await till(["fraud", "block", "ops-test@example.com"]).stdout == "blocked ops-test@example.com\n")

        // Payments made through the stack's payments service, then reconciled with the gateway.
        let since = Int64(Date().timeIntervalSince1970) - 5
        if Executables.productExists("till-gateway-sim") {
            let env = try StackEnvFile.read(from: layout.environmentFile)
            let endpoint = try ServiceEndpoint.fromEnvironment(.payments, environment: Dictionary(env.entries.map { ($0.key, $0.value) }) { $1 })
            let rpc = endpoint.makeRPCClient(clientName: "operate-test", logger: Logger(label: "t", factory: { _ in SwiftLogNoOpLogHandler() }))
            let payments = PaymentsClient(rpc: rpc)
            do {
                for index in 0..<3 {
                    let id = "ops-\(index)"
                    _ = try await payments.authorize(
                        AuthorizeParams(
                            paymentID: id, orderID: "ord-\(id)", amount: 4_999, currency: "USD", cardToken: "tok_visa",
                            customer: CustomerInfo(id: "cus-\(id)", email: "ann@example.com"), billingCountry: "US"
                        ),
                        idempotencyKey: "auth-\(id)"
                    )
                    _ = try await payments.capture(CaptureParams(paymentID: id), idempotencyKey: "cap-\(id)")
                }
            } catch {
                await rpc.shutdown()
                throw error
            }
            await rpc.shutdown()
            let until = Int64(Date().timeIntervalSince1970) + 5
            let reconcile = try await till(["reconcile", "--since", "\(since)", "--until", "\(until)", "--json"])
            #expect(reconcile.status == 0, "\(reconcile)")
            let result = try JSONDecoder().decode(ReconcileResult.self, from: Data(reconcile.stdout.utf8))
            #expect(result.total == 3 && result.matched == 3 && result.discrepancies.isEmpty, "\(reconcile)")
            let pretty = try await till(["reconcile", "--since", "-10m", "--until", "\(until)"])
            #expect(pretty.stdout.contains("3/3 matched"), "\(pretty)")
        }

        // An unknown order: one line naming the orchestrator's answer, exit 1.
        let show = try await till(["saga", "show", "ord-never"])
        #expect(show.status == 1)
        #expect(show.stderr.hasPrefix("till saga show: "), "\(show)")
        #expect(show.stderr.split(separator: "\n").count == 1)

        let down = try await TillProgram.run(["down", "--dir", directory], timeout: .seconds(120))
        #expect(down.status == 0, "\(down)")
        let after = try await till(["stock", "get", "lamp"])
        #expect(after.status == 1)
        #expect(after.stderr.contains("no stack running"), "\(after)")
    }
}
