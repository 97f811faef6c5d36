import TillAPI

/// A parcel carrier that creates labels.
public protocol Carrier: Sendable {
    /// The carrier's name, reported in `shipping.create` results.
    var name: String { get }

    /// Creates the label for `shipment`; the tracking number is the caller's (stable per shipment),
    /// so a repeated call after a lost answer is harmless.
    func createLabel(for shipment: CreateShipmentParams, trackingNumber: String) async throws(CarrierError)
}
