/// What the audit observed through the stack's public methods after the drain.
public struct AuditEvidence: Sendable {
    /// The orders the run placed (new submissions; duplicates resend one of these).
    public var orders: [CheckoutOrder]
    /// Each order's saga, by order id; missing when `checkout.get` did not know it.
    public var sagas: [String: SagaSnapshot]
    /// Sagas in state `running` anywhere in the stack after the drain (`checkout.list`).
    public var runningAnywhere: Int
    /// Payments by payment id, for every saga that has one.
    public var payments: [String: PaymentSnapshot]
    /// Shipments by shipment id, when shipping is reachable (else empty).
    public var shipments: [String: ShipmentSnapshot]
    /// Whether ``shipments`` was looked up.
    public var shipmentsChecked: Bool
    /// The catalogue.
    public var catalogue: Catalogue
    /// Each sku's stock right after stocking, by sku index.
    public var stockBefore: [StockSnapshot]
    /// Each sku's stock after the drain, by sku index (nil: `not_found`).
    public var stockAfter: [StockSnapshot?]
    /// The simulator's settlement report of the run's window, nil when not available.
    public var settlement: [SettlementRow]?
    /// Why the settlement report is missing, if it is.
    public var settlementUnavailable: String?
    /// The prefix of the run's order ids (`ld-<run>-`): a gateway row whose payment id embeds one
    /// of them is attributed to that order even when no saga points at it (a second payment).
    public var orderIDPrefix: String?

    /// Evidence.
    public init(
        orders: [CheckoutOrder], sagas: [String: SagaSnapshot], runningAnywhere: Int,
        payments: [String: PaymentSnapshot], shipments: [String: ShipmentSnapshot], shipmentsChecked: Bool,
        catalogue: Catalogue, stockBefore: [StockSnapshot], stockAfter: [StockSnapshot?],
        settlement: [SettlementRow]?, settlementUnavailable: String?, orderIDPrefix: String? = nil
    ) {
        self.orders = orders
        self.sagas = sagas
        self.runningAnywhere = runningAnywhere
        self.payments = payments
        self.shipments = shipments
        self.shipmentsChecked = shipmentsChecked
        self.catalogue = catalogue
        self.stockBefore = stockBefore
        self.stockAfter = stockAfter
        self.settlement = settlement
        self.settlementUnavailable = settlementUnavailable
        self.orderIDPrefix = orderIDPrefix
    }
}
