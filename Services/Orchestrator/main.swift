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
        var saga = CheckoutSaga.Configuration()
        saga.policy.compensationRetries = try OrchestratorSettings.compensationRetries.resolve(flag: compensationRetries, environment: environment)
        saga.policy.compensationBackoff = try OrchestratorSettings.compensationBackoff.resolve(flag: compensationBackoffMs, environment: environment)
        saga.stepTimeout = try OrchestratorSettings.stepTimeout.resolve(flag: stepTimeoutMs, environment: environment)
        saga.paymentStepTimeout = try OrchestratorSettings.paymentStepTimeout.resolve(flag: paymentStepTimeoutMs, environment: environment)

        try await ServiceHost(settings: settings).run(configureWithServices: { router, context in
            func client(_ addresses: [PeerAddress]) -> RPCClient {
                RPCClient(
                    configuration: RPCClientConfiguration(addresses: addresses, clientName: settings.instance, key: context.signingKey),
                    logger: context.logger
                )
            }
            let downstream = CheckoutDownstream(inventory: client(inventory), payments: client(payments), shipping: client(shipping))
            let runner = SagaRunner(drainTimeout: settings.drainTimeout, logger: context.logger)
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
            return [
                downstream.inventory, downstream.payments, downstream.shipping,
                runner,
                SagaLeaseRenewer(executor: executor, interval: lease / 3, logger: context.logger),
                SagaRecovery(executor: executor, scanInterval: scanInterval, logger: context.logger),
            ]
        })
    }
}
