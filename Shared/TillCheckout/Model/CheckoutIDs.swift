/// The ids a checkout derives from its `order_id`, so that every replica and every replay of a
/// step names the same reservation, payment and shipment.
///
/// | what | id |
/// |---|---|
/// | saga | `saga_<order_id>` |
/// | reservation | `res_<order_id>` |
/// | payment | `pay_<order_id>` |
/// | shipment | `shp_<order_id>` |
///
/// Step requests carry the idempotency key `<saga_id>:<step>` (`saga_o1:authorize_payment`);
/// compensations `<saga_id>:<compensation>` (`saga_o1:void_payment`), with `:r<n>` appended after
/// the `n`th operator re-drive so that a stored failure is not replayed.
public struct CheckoutIDs: Sendable, Hashable {
    public let orderID: String

    public init(orderID: String) { self.orderID = orderID }

    /// The order a saga id belongs to, or `nil` if it is not a checkout saga id.
    public init?(sagaID: String) {
        guard sagaID.hasPrefix("saga_"), sagaID.count > 5 else { return nil }
        self.orderID = String(sagaID.dropFirst(5))
    }

    public var sagaID: String { "saga_\(orderID)" }
    public var reservationID: String { "res_\(orderID)" }
    public var paymentID: String { "pay_\(orderID)" }
    public var shipmentID: String { "shp_\(orderID)" }
}
