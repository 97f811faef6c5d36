import TillWire

// The fields of API.md that the load client sends and reads. Decoding ignores fields it does not
// name, so a richer server answer still decodes.

struct MoneyField: Codable, Sendable {
    var amount: Int64
    var currency: String
}

struct CheckoutStartParams: Encodable, Sendable {
    struct Customer: Encodable, Sendable {
        var id: String
        var email: String
    }

    struct Item: Encodable, Sendable {
        var sku: String
        var quantity: Int
    }

    struct Address: Encodable, Sendable {
        var name: String
        var line1: String
        var city: String
        var postal_code: String
        var country: String
    }

    var order_id: String
    var customer: Customer
    var items: [Item]
    var currency: String
    var card_token: String
    var billing_country: String
    var shipping_address: Address
    var wait: Bool

    init(_ order: CheckoutOrder, catalogue: Catalogue) {
        self.order_id = order.orderID
        self.customer = Customer(id: order.customerID, email: order.email)
        self.items = order.lines.map { Item(sku: catalogue.sku($0.skuIndex), quantity: $0.quantity) }
        self.currency = catalogue.currency
        self.card_token = order.scenario.cardToken
        self.billing_country = "US"
        self.shipping_address = Address(
            name: "Load Test", line1: "1 Market St", city: "San Francisco",
            postal_code: order.scenario.postalCode, country: "US"
        )
        self.wait = true
    }
}

struct SagaViewResult: Decodable, Sendable {
    struct Step: Decodable, Sendable {
        var name: String
        var state: String
    }

    var order_id: String
    var state: String
    var steps: [Step]?
    var payment_id: String?
    var shipment_id: String?
    var total: MoneyField?

    var snapshot: SagaSnapshot {
        SagaSnapshot(
            orderID: self.order_id, state: self.state,
            steps: (self.steps ?? []).map { .init(name: $0.name, state: $0.state) },
            paymentID: self.payment_id, shipmentID: self.shipment_id, totalAmount: self.total?.amount ?? 0
        )
    }
}

struct SagaListResult: Decodable, Sendable {
    var sagas: [SagaViewResult]
    var cursor: String?
}

struct PaymentResult: Decodable, Sendable {
    var payment_id: String
    var order_id: String?
    var state: String
    var amount: Int64?
    var captured_amount: Int64?
}

struct StockResult: Decodable, Sendable {
    var on_hand: Int64
    var reserved: Int64
    var available: Int64

    var snapshot: StockSnapshot { StockSnapshot(onHand: self.on_hand, reserved: self.reserved, available: self.available) }
}

struct StockSetParams: Encodable, Sendable {
    var sku: String
    var on_hand: Int64
    var price: MoneyField
}

struct ShipmentResult: Decodable, Sendable {
    var state: String
}

struct IDParams: Encodable, Sendable {
    var key: String
    var value: String

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encode(self.value, forKey: DynamicKey(self.key))
    }
}

struct ListParams: Encodable, Sendable {
    var state: String
    var limit: Int
    var cursor: String?
}

struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) {
        self.stringValue = string
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        nil
    }
}
