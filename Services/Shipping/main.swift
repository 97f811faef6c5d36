import ArgumentParser
import Foundation
import TillResilience
import TillService
import TillShipping

/// `till-shipping`: Shipments and carrier labels for Till checkouts.
@main
struct ShippingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "till-shipping",
        abstract: "Shipments and carrier labels for Till checkouts.",
        discussion: "Every option can also be set by the TILL_* environment variable named in its help."
    )

    static let carrierLatency = Setting(
        "TILL_CARRIER_LATENCY_MS", default: "20", parser: .milliseconds(in: 0...60_000),
        help: "How long the simulated carrier takes per label"
    )
    static let carrierFailureRate = Setting(
        "TILL_CARRIER_FAILURE_RATE", default: "0", parser: .probability,
        help: "Share of simulated carrier calls that fail (retriable)"
    )

    @OptionGroup var options: ServiceOptions

    @Option(name: Self.carrierLatency.optionName, help: Self.carrierLatency.help)
    var carrierLatencyMs: String?

    @Option(name: Self.carrierFailureRate.optionName, help: Self.carrierFailureRate.help)
    var carrierFailureRate: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = try options.resolve(service: "shipping", defaultListen: ServiceDefaults.listen(for: "shipping"))
        let carrier = SimulatedCarrier(
            latency: try Self.carrierLatency.resolve(flag: carrierLatencyMs, environment: environment),
            failureRate: try Self.carrierFailureRate.resolve(flag: carrierFailureRate, environment: environment)
        )
        try await ServiceHost(settings: settings).run { router, context in
            // State in Redis: failures seen by one replica open the breaker for every replica.
            let breaker = CircuitBreaker(name: "carrier", store: RedisCircuitBreakerStore(redis: context.redis), logger: context.logger)
            context.breakers.monitor(breaker)
            let service = ShippingService(redis: context.redis, carrier: carrier, breaker: breaker, logger: context.logger)
            ShippingMethods.register(on: &router, service: service)
        }
    }
}
