import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
import TillGatewayHTTP
import TillGatewaySim
import TillPayments

/// `POST /_sim/drift`: a running simulator falsifies exactly the report rows it is told to.
@Suite struct DriftSwitchTests {
    @Test("pinned rows drift as pinned, the others stay true, and DELETE forgets the pins")
    func pinnedRows() async throws {
        let clock = ManualClock(7_000)
        try await SimulatorHarness.with(GatewaySimulatorConfiguration(clock: { clock.now })) { harness in
            let gateway = harness.gateway
            for id in ["pay_a", "pay_b", "pay_c", "pay_d"] {
                let authorization = try await gateway.authorize(Requests.authorize(id, amount: 500))
                _ = try await gateway.capture(CaptureRequest(paymentID: id, authorizationID: authorization.authorizationID, idempotencyKey: "c\(id)"))
            }
            let pinned = try await harness.post("/_sim/drift", body: #"{"pay_a":"omit","pay_b":"amount","pay_c":"status"}"#)
            #expect(pinned.status == 200 && pinned.body.contains(#""pinned":3"#), "\(pinned)")

            let report = try await Self.report(gateway)
            #expect(report["pay_a"] == nil)
            #expect(report["pay_b"]?.amount == 500 + DriftConfiguration.amountDelta && report["pay_b"]?.state == .captured)
            #expect(report["pay_c"]?.amount == 500 && report["pay_c"]?.state == .refunded)
            #expect(report["pay_d"]?.amount == 500 && report["pay_d"]?.state == .captured)
            let served = try await harness.get("/_sim/drift")
            let decoded = try JSONDecoder().decode([String: [String: DriftConfiguration.Kind]].self, from: Data(served.body.utf8))
            #expect(decoded["drifted"] == ["pay_a": .omit, "pay_b": .amount, "pay_c": .status])

            let refused = try await harness.post("/_sim/drift", body: #"{"pay_a":"vanish"}"#)
            #expect(refused.status == 400)

            let cleared = try await harness.delete("/_sim/drift")
            #expect(cleared.status == 200)
            let truth = try await Self.report(gateway)
            #expect(truth.count == 4 && truth.values.allSatisfy { $0.amount == 500 && $0.state == .captured })
        }
    }

    private static func report(_ gateway: some PaymentGateway) async throws -> [String: ReconciliationRecord] {
        let page = try await gateway.settlementReport(since: 7_000, until: 7_001, cursor: nil)
        return Dictionary(uniqueKeysWithValues: page.records.map { ($0.paymentID.description, $0) })
    }
}

extension SimulatorHarness {
    /// Raw DELETE of `path`: status and body text.
    func delete(_ path: String) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .DELETE
        let response = try await httpClient.execute(request, timeout: .seconds(10))
        let text = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: text))
    }
}
