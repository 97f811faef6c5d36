import TillWire

// `checkout.start` is the hot path of the orchestrator: its params are read by Till's own JSON
// reader when they have the plain shape (anything else goes through `Decodable`, which reports
// the field), its view is written without `JSONEncoder`, and the orchestrator hashes and stores
// the order as the JSON text of `jsonValue`. A test keeps both in step with the Codable conformances.

extension CheckoutItem: JSONValueConvertible, JSONValueDecodable {
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["sku": .string(sku), "quantity": .integer(quantity)]
        if let unitPrice { object["unit_price"] = .integer(unitPrice) }
        return .object(object)
    }

    public init?(jsonValue json: JSONValue) {
        guard case .string(let sku)? = json["sku"], case .integer(let quantity)? = json["quantity"],
              let unitPrice = CheckoutJSON.optionalInteger(json["unit_price"])
        else { return nil }
        self.init(sku: sku, quantity: quantity, unitPrice: unitPrice)
    }
}

extension CheckoutStartParams: JSONValueConvertible, JSONValueDecodable {
    /// The order as its `Encodable` conformance writes it (absent optionals left out).
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "order_id": .string(orderID),
            "customer": CheckoutJSON.customer(customer),
            "items": .array(items.map(\.jsonValue)),
            "currency": .string(currency),
            "card_token": .string(cardToken),
            "billing_country": .string(billingCountry),
            "shipping_address": CheckoutJSON.address(shippingAddress),
        ]
        if let cardCountry { object["card_country"] = .string(cardCountry) }
        if let wait { object["wait"] = .bool(wait) }
        return .object(object)
    }

    public init?(jsonValue json: JSONValue) {
        guard case .string(let orderID)? = json["order_id"],
              case .string(let currency)? = json["currency"],
              case .string(let cardToken)? = json["card_token"],
              case .string(let billingCountry)? = json["billing_country"],
              case .array(let lines)? = json["items"],
              case .object(let customer)? = json["customer"],
              case .string(let customerID)? = customer["id"],
              case .string(let email)? = customer["email"],
              let ip = CheckoutJSON.optionalString(customer["ip"]),
              case .object(let address)? = json["shipping_address"],
              case .string(let name)? = address["name"],
              case .string(let line1)? = address["line1"],
              case .string(let city)? = address["city"],
              case .string(let postalCode)? = address["postal_code"],
              case .string(let country)? = address["country"],
              let cardCountry = CheckoutJSON.optionalString(json["card_country"]),
              let wait = CheckoutJSON.optionalBool(json["wait"])
        else { return nil }
        var items: [CheckoutItem] = []
        items.reserveCapacity(lines.count)
        for line in lines {
            guard let item = CheckoutItem(jsonValue: line) else { return nil }
            items.append(item)
        }
        self.init(
            orderID: orderID, customer: CustomerInfo(id: customerID, email: email, ip: ip), items: items,
            currency: currency, cardToken: cardToken, billingCountry: billingCountry, cardCountry: cardCountry,
            shippingAddress: ShippingAddress(name: name, line1: line1, city: city, postalCode: postalCode, country: country),
            wait: wait
        )
    }
}

extension SagaStepView: JSONValueConvertible {
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["name": .string(name), "state": .string(state.rawValue), "attempts": .integer(Int64(attempts))]
        if let error { object["error"] = CheckoutJSON.error(error) }
        return .object(object)
    }
}

extension SagaView: JSONValueConvertible {
    /// The view as its `Encodable` conformance writes it (absent ids left out).
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "order_id": .string(orderID),
            "saga_id": .string(sagaID),
            "state": .string(state.rawValue),
            "steps": .array(steps.map(\.jsonValue)),
            "total": total.jsonValue,
            "created_at": .integer(createdAt),
            "updated_at": .integer(updatedAt),
        ]
        if let reservationID { object["reservation_id"] = .string(reservationID) }
        if let paymentID { object["payment_id"] = .string(paymentID) }
        if let shipmentID { object["shipment_id"] = .string(shipmentID) }
        return .object(object)
    }
}

extension CheckoutListResult: JSONValueConvertible {
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["sagas": .array(sagas.map(\.jsonValue))]
        if let cursor { object["cursor"] = .string(cursor) }
        return .object(object)
    }
}

/// Optional members read the way `decodeIfPresent` reads them: absent or `null` is `nil`; any
/// other type makes the fast path give up (the outer `nil`) so that `Decodable` reports it.
enum CheckoutJSON {
    static func optionalString(_ value: JSONValue?) -> String?? {
        switch value {
        case nil, .null?: .some(nil)
        case .string(let text)?: .some(text)
        default: nil
        }
    }

    static func optionalInteger(_ value: JSONValue?) -> Int64?? {
        switch value {
        case nil, .null?: .some(nil)
        case .integer(let number)?: .some(number)
        default: nil
        }
    }

    static func optionalBool(_ value: JSONValue?) -> Bool?? {
        switch value {
        case nil, .null?: .some(nil)
        case .bool(let flag)?: .some(flag)
        default: nil
        }
    }

    /// `{id, email, ip?}` (a helper rather than a conformance: the type is shared with payments).
    static func customer(_ customer: CustomerInfo) -> JSONValue {
        var object: [String: JSONValue] = ["id": .string(customer.id), "email": .string(customer.email)]
        if let ip = customer.ip { object["ip"] = .string(ip) }
        return .object(object)
    }

    /// `{name, line1, city, postal_code, country}` (the type is shipping's).
    static func address(_ address: ShippingAddress) -> JSONValue {
        [
            "name": .string(address.name), "line1": .string(address.line1), "city": .string(address.city),
            "postal_code": .string(address.postalCode), "country": .string(address.country),
        ]
    }

    /// `{code, message, retriable, details?}`, as `WireError`'s `Encodable` conformance writes it.
    static func error(_ error: WireError) -> JSONValue {
        var object: [String: JSONValue] = [
            "code": .string(error.code.rawValue), "message": .string(error.message), "retriable": .bool(error.retriable),
        ]
        if let details = error.details { object["details"] = details }
        return .object(object)
    }
}
