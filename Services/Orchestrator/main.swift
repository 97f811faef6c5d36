import ArgumentParser
import Foundation
import Logging
import TillCheckout
import TillSaga
import TillService
import TillWire

/// `till-orchestrator`: Drives checkout sagas across inventory, payments and shipping.
@main
struct OrchestratorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "till-orchestrator",
        abstract: "Drives checkout sagas across inventory, payments and shipping.",
        discussion: "Every option can also be set by the TILL_* environment variable named in its help."
    )

    @OptionGroup var options: ServiceOptions

    @Option(name: OrchestratorSettings.inventory.optionName, help: OrchestratorSettings.inventory.help)
    var inventoryAddr: String?
    @Option(name: OrchestratorSettings.payments.optionName, help: OrchestratorSettings.payments.help)
    var paymentsAddr: String?
    @Option(name: OrchestratorSettings.shipping.optionName, help: OrchestratorSettings.shipping.help)
    var shippingAddr: String?
    @Option(name: OrchestratorSettings.lease.optionName, help: OrchestratorSettings.lease.help)
    var sagaLeaseMs: String?
    @Option(name: OrchestratorSettings.scanInterval.optionName, help: OrchestratorSettings.scanInterval.help)
    var sagaScanIntervalMs: String?
    @Option(name: OrchestratorSettings.compensationRetries.optionName, help: OrchestratorSettings.compensationRetries.help)
    var compensationRetries: String?
    @Option(name: OrchestratorSettings.compensationBackoff.optionName, help: OrchestratorSettings.compensationBackoff.help)
    var compensationBackoffMs: String?
    @Option(name: OrchestratorSettings.stepTimeout.optionName, help: OrchestratorSettings.stepTimeout.help)
    var stepTimeoutMs: String?
    @Option(name: OrchestratorSettings.paymentStepTimeout.optionName, help: OrchestratorSettings.paymentStepTimeout.help)
    var paymentStepTimeoutMs: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = try options.resolve(service: "orchestrator", defaultListen: ServiceDefaults.listen(for: "orchestrator"))
        let inventory = try OrchestratorSettings.inventory.resolve(flag: inventoryAddr, environment: environment)
        let payments = try OrchestratorSettings.payments.resolve(flag: paymentsAddr, environment: environment)
        let shipping = try OrchestratorSettings.shipping.resolve(flag: shippingAddr, environment: environment)
        let lease = try OrchestratorSettings.lease.resolve(flag: sagaLeaseMs, environment: environment)
        let scanInterval = try OrchestratorSettings.scanInterval.resolve(flag: sagaScanIntervalMs, environment: environment)
        var configuration = CheckoutSaga.Configuration()
        configuration.policy.compensationRetries = try OrchestratorSettings.compensationRetries.resolve(flag: compensationRetries, environment: environment)
        configuration.policy.compensationBackoff = try OrchestratorSettings.compensationBackoff.resolve(flag: compensationBackoffMs, environment: environment)
        configuration.stepTimeout = try OrchestratorSettings.stepTimeout.resolve(flag: stepTimeoutMs, environment: environment)
        configuration.paymentStepTimeout = try OrchestratorSettings.paymentStepTimeout.resolve(flag: paymentStepTimeoutMs, environment: environment)

        let saga = configuration
        // Hellos to the other services are signed with the first cluster key, as the server's own.
        let signingKey = try KeyRing(clusterKey: settings.clusterKeys.joined(separator: ",")).signingKey
        // TILL_TLS_CA: the calls to the other services go over TLS, verified against it.
        let downstreamTLS = try settings.tls.client()
        try await ServiceHost(settings: settings).runWithServices(configure: { router, context in
            func client(_ addresses: [PeerAddress]) -> RPCClient {
                var configuration = RPCClientConfiguration(addresses: addresses, clientName: settings.instance, key: signingKey)
                configuration.tls = downstreamTLS
                return RPCClient(configuration: configuration, logger: context.logger)
            }
            let downstream = CheckoutDownstream(inventory: client(inventory), payments: client(payments), shipping: client(shipping))
            let runner = SagaRunner(drainTimeout: settings.drainTimeout, shutdownBegan: context.shutdown.began, logger: context.logger)
            // Unique per process start: a restarted replica must not mistake its old leases for its own.
            let owner = "\(settings.instance):\(UUID().uuidString.prefix(8))"
            let executor = SagaExecutor(
                definition: CheckoutSaga.definition(downstream: downstream, configuration: saga),
                log: SagaLog(kind: CheckoutSaga.kind, redis: context.redis),
                runner: runner,
                owner: owner,
                lease: lease,
                logger: context.logger
            )
            CheckoutMethods.register(on: &router, service: CheckoutService(executor: executor))
            return downstream.connections + [
                runner,
                SagaLeaseRenewer(executor: executor, interval: lease / 3, logger: context.logger),
                SagaRecovery(executor: executor, scanInterval: scanInterval, logger: context.logger),
            ]
        })
    }
}

/// The orchestrator's own settings, beyond those every service has.
enum OrchestratorSettings {
    static let inventory = Setting(
        "TILL_INVENTORY_ADDR", default: "127.0.0.1:7001", parser: .peerAddresses,
        help: "Inventory replicas, comma-separated host:port"
    )
    static let payments = Setting(
        "TILL_PAYMENTS_ADDR", default: "127.0.0.1:7002", parser: .peerAddresses,
        help: "Payments replicas, comma-separated host:port"
    )
    static let shipping = Setting(
        "TILL_SHIPPING_ADDR", default: "127.0.0.1:7003", parser: .peerAddresses,
        help: "Shipping replicas, comma-separated host:port"
    )
    static let lease = Setting(
        "TILL_SAGA_LEASE_MS", default: "5000", parser: .milliseconds(in: 300...600_000),
        help: "How long a saga's lease lasts without renewal; another orchestrator adopts it after that"
    )
    static let scanInterval = Setting(
        "TILL_SAGA_SCAN_INTERVAL_MS", default: "2000", parser: .milliseconds(in: 50...600_000),
        help: "How often to look for sagas whose orchestrator died"
    )
    static let compensationRetries = Setting(
        "TILL_COMPENSATION_RETRIES", default: "5", parser: .integer(in: 0...100),
        help: "Retries of a failing compensation before the saga ends failed_compensation"
    )
    static let compensationBackoff = Setting(
        "TILL_COMPENSATION_BACKOFF_MS", default: "1000", parser: .milliseconds(in: 1...600_000),
        help: "Linear backoff step between compensation retries"
    )
    static let stepTimeout = Setting(
        "TILL_STEP_TIMEOUT_MS", default: "10000", parser: .milliseconds(in: 100...600_000),
        help: "Timeout of one inventory or shipping step, its retries included"
    )
    static let paymentStepTimeout = Setting(
        "TILL_PAYMENT_STEP_TIMEOUT_MS", default: "15000", parser: .milliseconds(in: 100...600_000),
        help: "Timeout of one payments step, its retries included"
    )
}

extension SettingParser where Value == [PeerAddress] {
    /// Comma-separated `host:port` replicas.
    static var peerAddresses: Self {
        SettingParser(valueName: "host:port,…") { (text: String) throws(SettingParseFailure) -> [PeerAddress] in
            do throws(PeerAddressError) {
                return try PeerAddress.list(text)
            } catch {
                throw .expected("comma-separated host:port (\(error.reason))")
            }
        }
    }
}
