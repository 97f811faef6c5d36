import TillAPI

/// The bundled carrier simulator: answers after `latency`, fails (retriably) with probability
/// `failureRate`, and rejects postal code `00000` — the documented test fixture.
public struct SimulatedCarrier: Carrier {
    public let name = "till-post"
    /// How long each label takes.
    public var latency: Duration
    /// The share of calls that fail with ``CarrierError/unavailable``, from 0 to 1.
    public var failureRate: Double

    /// The postal code the simulator never delivers to.
    public static let rejectedPostalCode = "00000"

    public init(latency: Duration, failureRate: Double) {
        self.latency = latency
        self.failureRate = failureRate
    }

    public func createLabel(for shipment: CreateShipmentParams, trackingNumber: String) async throws(CarrierError) {
        if latency > .zero {
            do {
                try await Task.sleep(for: latency)
            } catch {
                throw .unavailable
            }
        }
        if shipment.address.postalCode == Self.rejectedPostalCode {
            throw .addressRejected(postalCode: shipment.address.postalCode)
        }
        if failureRate > 0, Double.random(in: 0..<1) < failureRate {
            throw .unavailable
        }
    }
}
