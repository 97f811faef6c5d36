import Foundation
import Logging
import TillAPI
import TillProcess
import TillTLS
import TillTestSupport
import TillWire
import Testing

/// Every hop of a checkout over TLS: the four services serve TLS, reach Redis on its TLS port,
/// and the orchestrator calls the others verifying them against the test's CA. About 3 s.
@Suite("A checkout with TLS on every hop", .serialized)
struct CheckoutOverTLSTests {
    @Test(.timeLimit(.minutes(2)))
    func checkoutCompletesOverTLS() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        let tlsPort = FreePort.next()
        let redis = try await RedisServer.start(arguments: [
            "--tls-port", String(tlsPort), "--tls-cert-file", pki.certificatePath,
            "--tls-key-file", pki.keyPath, "--tls-ca-cert-file", pki.caPath, "--tls-auth-clients", "no",
        ])
        defer { redis.stop() }

        // The gateway simulator stays plain HTTP: it stands for a third party outside Till.
        let gatewayPort = FreePort.next()
        let webhookPort = FreePort.next()
        let secrets = "whsec_tls_e2e_0123456789"
        let gateway = try SpawnedProcess(
            executable: try Executables.locateProduct("till-gateway-sim").path,
            arguments: [],
            environment: [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                "TILL_GATEWAY_LISTEN": "127.0.0.1:\(gatewayPort)",
                "TILL_WEBHOOK_SECRETS": secrets,
                "TILL_GATEWAY_WEBHOOK_URL": "http://127.0.0.1:\(webhookPort)/webhooks/gateway",
            ]
        )
        defer { gateway.signal(SIGKILL) }
        try await waitForReady(port: gatewayPort)

        let tls = [
            "TILL_REDIS_URL": "rediss://127.0.0.1:\(tlsPort)/0",
            "TILL_TLS_CERT": pki.certificatePath, "TILL_TLS_KEY": pki.keyPath, "TILL_TLS_CA": pki.caPath,
        ]
        let inventory = try await ServiceProcess.start("till-inventory", redis: redis, environment: tls)
        defer { inventory.kill() }
        let shipping = try await ServiceProcess.start(
            "till-shipping", redis: redis, environment: tls.merging(["TILL_CARRIER_LATENCY_MS": "1"]) { $1 }
        )
        defer { shipping.kill() }
        let payments = try await ServiceProcess.start("till-payments", redis: redis, environment: tls.merging([
            "TILL_GATEWAY_URL": "http://127.0.0.1:\(gatewayPort)",
            "TILL_WEBHOOK_LISTEN": "127.0.0.1:\(webhookPort)",
            "TILL_WEBHOOK_SECRETS": secrets,
        ]) { $1 })
        defer { payments.kill() }
        let orchestrator = try await ServiceProcess.start("till-orchestrator", redis: redis, environment: tls.merging([
            "TILL_INVENTORY_ADDR": "127.0.0.1:\(inventory.port)",
            "TILL_PAYMENTS_ADDR": "127.0.0.1:\(payments.port)",
            "TILL_SHIPPING_ADDR": "127.0.0.1:\(shipping.port)",
        ]) { $1 })
        defer { orchestrator.kill() }

        let trust = try ClientTLS(caPath: pki.caPath)
        let sku = "tls-sku-\(UInt32.random(in: 0...UInt32.max))"
        let stocker = client(inventory, tls: trust)
        let _: StockView = try await stocker.call(
            "inventory.stock.set", params: StockSetParams(sku: sku, onHand: 5, price: Price(amount: 1_999, currency: "USD"))
        )
        await stocker.shutdown()

        let checkout = client(orchestrator, tls: trust)
        let order = CheckoutStartParams(
            orderID: "o-tls-\(UInt32.random(in: 0...UInt32.max))",
            customer: CustomerInfo(id: "cus-tls", email: "ada@example.com", ip: "203.0.113.7"),
            items: [CheckoutItem(sku: sku, quantity: 2)],
            currency: "USD",
            cardToken: "tok_visa",
            billingCountry: "DE",
            shippingAddress: ShippingAddress(name: "Ada", line1: "Main St 1", city: "Berlin", postalCode: "10115", country: "DE"),
            wait: true
        )
        let view: SagaView = try await checkout.call("checkout.start", params: order)
        await checkout.shutdown()
        #expect(view.state == .completed, "\(view)\norchestrator: \(orchestrator.log().suffix(1_500))")
        #expect(view.total == Price(amount: 3_998, currency: "USD"))
    }

    private func client(_ service: ServiceProcess, tls: ClientTLS) -> RPCClient {
        var configuration = RPCClientConfiguration(
            addresses: [PeerAddress(host: "127.0.0.1", port: service.port)], clientName: "tls-e2e", key: SecretKey(ServiceProcess.testClusterKey)
        )
        configuration.tls = tls
        configuration.defaultDeadline = .seconds(30)
        return RPCClient(configuration: configuration, logger: Logger(label: "tls-e2e", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    private func waitForReady(port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let response = try? await RawHTTP.send("GET", "/readyz", port: port, timeout: .seconds(2)), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError("till-gateway-sim was not ready within 30 s")
    }
}
