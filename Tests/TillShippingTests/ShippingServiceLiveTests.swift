import Logging
import Synchronization
import Testing
import TillAPI
import TillRedis
import TillResilience
import TillShipping
import TillTestSupport
import TillWire

/// A carrier that fails the first `failures` calls, counting every call.
final class ScriptedCarrier: Carrier {
    let name = "scripted"
    private let state: Mutex<(calls: Int, failures: Int)>

    init(failures: Int = 0) { state = Mutex((calls: 0, failures: failures)) }

    var calls: Int { state.withLock { $0.calls } }

    func createLabel(for shipment: CreateShipmentParams, trackingNumber: String) async throws(CarrierError) {
        let fail = state.withLock { state -> Bool in
            state.calls += 1
            guard state.failures > 0 else { return false }
            state.failures -= 1
            return true
        }
        if fail { throw .unavailable }
        if shipment.address.postalCode == SimulatedCarrier.rejectedPostalCode {
            throw .addressRejected(postalCode: shipment.address.postalCode)
        }
    }
}

@Suite(.redisServer(), .timeLimit(.minutes(2)))
struct ShippingServiceLiveTests {
    static let logger: Logger = {
        var logger = Logger(label: "till.shipping.tests")
        logger.logLevel = .critical
        return logger
    }()

    func withService<T>(
        carrier: any Carrier,
        breaker configuration: BreakerConfiguration = BreakerConfiguration(),
        _ body: (ShippingService) async throws -> T
    ) async throws -> T {
        let redis = RedisClient(configuration: try RedisConfiguration(url: RedisServerScope.server.url), logger: Self.logger)
        let breaker = CircuitBreaker(name: "carrier", configuration: configuration, store: InMemoryCircuitBreakerStore(), logger: Self.logger)
        let service = ShippingService(
            redis: redis, carrier: carrier, breaker: breaker,
            retryPolicy: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5)), logger: Self.logger
        )
        do {
            let result = try await body(service)
            await redis.shutdown()
            return result
        } catch {
            await redis.shutdown()
            throw error
        }
    }

    static func params(_ id: String, postalCode: String = "10115") -> CreateShipmentParams {
        CreateShipmentParams(
            shipmentID: id, orderID: "ord-\(id)",
            address: ShippingAddress(name: "Ada", line1: "Main St 1", city: "Berlin", postalCode: postalCode, country: "DE"),
            items: [ShipmentItem(sku: "sku-1", quantity: 2)]
        )
    }

    static func id() -> String { "shp-\(UInt32.random(in: 0...UInt32.max))" }

    @Test func createIsIdempotentWithAStableTrackingNumber() async throws {
        let carrier = ScriptedCarrier()
        try await withService(carrier: carrier) { (service: ShippingService) async throws in
            let params = Self.params(Self.id())
            let first = try await service.create(params)
            #expect(first.state == "created")
            #expect(first.trackingNumber == ShippingService.trackingNumber(for: params.shipmentID))
            #expect(try await service.create(params) == first)
            #expect(carrier.calls == 1)
            #expect(try await service.get(shipmentID: params.shipmentID) == ShipmentView(shipmentID: params.shipmentID, state: "created", trackingNumber: first.trackingNumber))

            var other = params
            other.address.city = "Hamburg"
            await #expect(throws: ShippingError.idempotencyConflict(shipmentID: params.shipmentID)) { try await service.create(other) }
        }
    }

    @Test func trackingNumbersAreUnique() {
        let numbers = Set((0..<10_000).map { ShippingService.trackingNumber(for: "shp-\($0)") })
        #expect(numbers.count == 10_000)
    }

    @Test func cancelBeforeCreateLeavesATombstone() async throws {
        let carrier = ScriptedCarrier()
        try await withService(carrier: carrier) { (service: ShippingService) async throws in
            let params = Self.params(Self.id())
            #expect(try await service.cancel(shipmentID: params.shipmentID).state == "cancelled")
            #expect(try await service.cancel(shipmentID: params.shipmentID).state == "cancelled")
            await #expect(throws: ShippingError.cancelled(shipmentID: params.shipmentID)) { try await service.create(params) }
            #expect(carrier.calls == 0)
            #expect(try await service.get(shipmentID: params.shipmentID).state == "cancelled")
        }
    }

    @Test func cancelAfterCreate() async throws {
        try await withService(carrier: ScriptedCarrier()) { (service: ShippingService) async throws in
            let params = Self.params(Self.id())
            _ = try await service.create(params)
            #expect(try await service.cancel(shipmentID: params.shipmentID).state == "cancelled")
            #expect(try await service.get(shipmentID: params.shipmentID).state == "cancelled")
            await #expect(throws: ShippingError.notFound(shipmentID: "never")) { try await service.get(shipmentID: "never") }
        }
    }

    @Test func rejectedAddressIsNotRetried() async throws {
        let carrier = ScriptedCarrier()
        try await withService(carrier: carrier) { (service: ShippingService) async throws in
            let params = Self.params(Self.id(), postalCode: "00000")
            await #expect(throws: ShippingError.addressRejected(postalCode: "00000")) { try await service.create(params) }
            #expect(carrier.calls == 1)
        }
    }

    @Test func transientCarrierFailuresAreRetried() async throws {
        let carrier = ScriptedCarrier(failures: 2)
        try await withService(carrier: carrier) { (service: ShippingService) async throws in
            #expect(try await service.create(Self.params(Self.id())).state == "created")
            #expect(carrier.calls == 3)
        }
    }

    @Test func persistentFailureIsRetriableUnavailableAndOpensTheBreaker() async throws {
        let carrier = ScriptedCarrier(failures: 1_000)
        let configuration = BreakerConfiguration(failureThreshold: 3, recoveryTimeoutMilliseconds: 60_000)
        try await withService(carrier: carrier, breaker: configuration) { (service: ShippingService) async throws in
            let params = Self.params(Self.id())
            do {
                _ = try await service.create(params)
                Issue.record("expected unavailable")
            } catch let error as ShippingError {
                #expect(error.wireError.code == .unavailable)
                #expect(error.wireError.retriable)
            }
            #expect(carrier.calls == 3)
            // The breaker is open now: the carrier is not called at all.
            await #expect(throws: ShippingError.self) { try await service.create(Self.params(Self.id())) }
            #expect(carrier.calls == 3)
            // The failed claim was dropped: the same id may be retried.
            await #expect(throws: ShippingError.notFound(shipmentID: params.shipmentID)) {
                try await service.get(shipmentID: params.shipmentID)
            }
        }
    }
}

/// A carrier that waits until the test lets it finish.
final class GatedCarrier: Carrier {
    let name = "gated"
    private let gate = AsyncStream<Void>.makeStream()

    func open() { gate.continuation.finish() }

    func createLabel(for shipment: CreateShipmentParams, trackingNumber: String) async throws(CarrierError) {
        for await _ in gate.stream {}
    }
}

extension ShippingServiceLiveTests {
    /// A cancel that lands while the carrier works wins: the create is refused and stays cancelled.
    @Test func cancelDuringCreateRefusesTheCreate() async throws {
        let carrier = GatedCarrier()
        try await withService(carrier: carrier) { (service: ShippingService) async throws in
            let params = Self.params(Self.id())
            let created = Task { try await service.create(params) }
            while (try? await service.get(shipmentID: params.shipmentID).state) != "creating" {
                try await Task.sleep(for: .milliseconds(10))
            }
            // A duplicate while the first holds the claim is told to retry.
            await #expect(throws: ShippingError.inProgress(shipmentID: params.shipmentID)) { try await service.create(params) }
            #expect(try await service.cancel(shipmentID: params.shipmentID).state == "cancelled")
            carrier.open()
            await #expect(throws: ShippingError.cancelled(shipmentID: params.shipmentID)) { try await created.value }
            #expect(try await service.get(shipmentID: params.shipmentID).state == "cancelled")
        }
    }

    @Test func createPastItsDeadlineDoesNotCallTheCarrier() async throws {
        let carrier = ScriptedCarrier(failures: 1)
        try await withService(carrier: carrier) { (service: ShippingService) async throws in
            let params = Self.params(Self.id())
            await #expect(throws: ShippingError.self) {
                try await service.create(params, deadline: .now - .seconds(1))
            }
            #expect(carrier.calls == 0)
        }
    }
}
