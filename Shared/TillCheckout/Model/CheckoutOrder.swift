/// A checkout as `checkout.start` receives it (without `wait`): the saga's input, stored with it.
public struct CheckoutOrder: Codable, Sendable, Hashable {
    /// Who pays.
    public struct Customer: Codable, Sendable, Hashable {
        public var id: String
        public var email: String
        public var ip: String?

        public init(id: String, email: String, ip: String? = nil) {
            self.id = id
            self.email = email
            self.ip = ip
        }
    }

    /// One line; `unit_price` (minor units) is only a check against inventory's price.
    public struct Item: Codable, Sendable, Hashable {
        public var sku: String
        public var quantity: Int64
        public var unitPrice: Int64?

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

    /// Where the goods go.
    public struct Address: Codable, Sendable, Hashable {
        public var name: String
        public var line1: String
        public var city: String
        public var postalCode: String
        public var country: String

        public init(name: String, line1: String, city: String, postalCode: String, country: String) {
            self.name = name
            self.line1 = line1
            self.city = city
            self.postalCode = postalCode
            self.country = country
        }

        enum CodingKeys: String, CodingKey {
            case name, line1, city, country
            case postalCode = "postal_code"
        }
    }

    public var orderID: String
    public var customer: Customer
    public var items: [Item]
    public var currency: String
    public var cardToken: String
    public var billingCountry: String
    public var cardCountry: String?
    public var shippingAddress: Address

    public init(
        orderID: String, customer: Customer, items: [Item], currency: String, cardToken: String,
        billingCountry: String, cardCountry: String? = nil, shippingAddress: Address
    ) {
        self.orderID = orderID
        self.customer = customer
        self.items = items
        self.currency = currency
        self.cardToken = cardToken
        self.billingCountry = billingCountry
        self.cardCountry = cardCountry
        self.shippingAddress = shippingAddress
    }

    enum CodingKeys: String, CodingKey {
        case customer, items, currency
        case orderID = "order_id"
        case cardToken = "card_token"
        case billingCountry = "billing_country"
        case cardCountry = "card_country"
        case shippingAddress = "shipping_address"
    }
}

/// `checkout.start` params: the order plus `wait` (default `true`).
public struct CheckoutStartParams: Codable, Sendable, Hashable {
    public var order: CheckoutOrder
    public var wait: Bool?

    public init(order: CheckoutOrder, wait: Bool? = nil) {
        self.order = order
        self.wait = wait
    }

    public init(from decoder: any Decoder) throws {
        order = try CheckoutOrder(from: decoder)
        let container = try decoder.container(keyedBy: Keys.self)
        wait = try container.decodeIfPresent(Bool.self, forKey: .wait)
    }

    public func encode(to encoder: any Encoder) throws {
        try order.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(wait, forKey: .wait)
    }

    private enum Keys: String, CodingKey {
        case wait
    }
}
