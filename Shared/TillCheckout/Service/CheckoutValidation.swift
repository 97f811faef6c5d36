import TillAPI
import TillPayments
import TillWire

/// Field checks of `checkout.*` params: `bad_request` naming the field.
enum CheckoutValidation {
    static func order(_ order: CheckoutStartParams) throws(WireError) {
        try id(order.orderID, field: "order_id")
        try id(order.customer.id, field: "customer.id")
        try text(order.customer.email, field: "customer.email")
        guard !order.items.isEmpty else { throw .badRequest(field: "items", "items must not be empty") }
        guard order.items.count <= 100 else { throw .badRequest(field: "items", "at most 100 items") }
        for (index, item) in order.items.enumerated() {
            try id(item.sku, field: "items[\(index)].sku")
            guard item.quantity >= 1 else { throw .badRequest(field: "items[\(index)].quantity", "quantity must be at least 1") }
            if let price = item.unitPrice, price < 0 {
                throw .badRequest(field: "items[\(index)].unit_price", "unit_price cannot be negative")
            }
        }
        // Refused here, before a saga and its reservation exist, not by payments halfway through.
        guard Currency(order.currency) != nil else { throw .badRequest(field: "currency", "currency must be an ISO 4217 code") }
        try text(order.cardToken, field: "card_token")
        guard isCode(order.billingCountry, length: 2) else { throw .badRequest(field: "billing_country", "billing_country must be an ISO 3166 code") }
        if let card = order.cardCountry, !isCode(card, length: 2) {
            throw .badRequest(field: "card_country", "card_country must be an ISO 3166 code")
        }
        let address = order.shippingAddress
        try text(address.name, field: "shipping_address.name")
        try text(address.line1, field: "shipping_address.line1")
        try text(address.city, field: "shipping_address.city")
        try text(address.postalCode, field: "shipping_address.postal_code")
        guard isCode(address.country, length: 2) else { throw .badRequest(field: "shipping_address.country", "country must be an ISO 3166 code") }
    }

    /// 1–64 characters of `[A-Za-z0-9_.:-]`.
    static func id(_ value: String, field: String) throws(WireError) {
        let valid = (1...64).contains(value.utf8.count) && value.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
        }
        guard valid else { throw .badRequest(field: field, "\(field) must be 1-64 characters of A-Z a-z 0-9 _ . : -") }
    }

    private static func text(_ value: String, field: String) throws(WireError) {
        guard !value.isEmpty, value.utf8.count <= 256 else { throw .badRequest(field: field, "\(field) must be 1-256 bytes") }
    }

    private static func isCode(_ value: String, length: Int) -> Bool {
        value.utf8.count == length && value.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }
}
