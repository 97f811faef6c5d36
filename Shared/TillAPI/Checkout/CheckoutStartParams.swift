/// `checkout.start` params. Idempotent on `order_id`: the same order with the same params gets
/// the same saga; with different params, `idempotency_conflict`.
public struct CheckoutStartParams: Codable, Sendable, Hashable {
    /// The caller's order id; the saga is `saga_<order_id>`.
    public var orderID: String
    /// Who pays.
    public var customer: CustomerInfo
    /// What is bought.
    public var items: [CheckoutItem]
    /// ISO 4217 code of every price and the total.
    public var currency: String
    /// A card token (`tok_visa`…).
    public var cardToken: String
    /// ISO 3166 alpha-2 billing country.
    public var billingCountry: String
    /// ISO 3166 alpha-2 issuing country of the card, when known.
    public var cardCountry: String?
    /// Where the goods go.
    public var shippingAddress: ShippingAddress
    /// Answer when the saga is terminal (or the deadline is near) rather than at once; default `true`.
    public var wait: Bool?

    /// Creates params.
    public init(
        orderID: String, customer: CustomerInfo, items: [CheckoutItem], currency: String, cardToken: String,
        billingCountry: String, cardCountry: String? = nil, shippingAddress: ShippingAddress, wait: Bool? = nil
    ) {
        self.orderID = orderID
        self.customer = customer
        self.items = items
        self.currency = currency
        self.cardToken = cardToken
        self.billingCountry = billingCountry
        self.cardCountry = cardCountry
        self.shippingAddress = shippingAddress
        self.wait = wait
    }

    enum CodingKeys: String, CodingKey {
        case customer, items, currency, wait
        case orderID = "order_id"
        case cardToken = "card_token"
        case billingCountry = "billing_country"
        case cardCountry = "card_country"
        case shippingAddress = "shipping_address"
    }
}

/// One line of an order. `unit_price`, when sent, is only a check against inventory's price
/// (a difference fails the checkout with `price_changed` before any payment).
public struct CheckoutItem: Codable, Sendable, Hashable {
    /// The stock-keeping unit.
    public var sku: String
    /// How many, at least 1.
    public var quantity: Int64
    /// The price the caller showed the customer, in minor units.
    public var unitPrice: Int64?

    /// Creates a line.
    public init(sku: String, quantity: Int64, unitPrice: Int64? = nil) {
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
    }

    enum CodingKeys: String, CodingKey {
        case sku, quantity
        case unitPrice = "unit_price"
    }
}
