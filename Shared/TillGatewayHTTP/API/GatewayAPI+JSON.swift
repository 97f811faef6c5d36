import TillPayments
import TillWire

// An authorization crosses the gateway API on every `payments.authorize`: its request and answer
// are written and read as `JSONValue` (the same JSON as their Codable conformances) by both the
// client and the simulator, rather than with `JSONEncoder`/`JSONDecoder`.

extension AuthorizeBody: JSONValueConvertible {
    /// The body as JSON; `email` is left out when `nil`, as `Encodable` does.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "payment_id": .string(paymentID), "order_id": .string(orderID), "amount": .integer(amount),
            "currency": .string(currency), "card_token": .string(cardToken), "customer_id": .string(customerID),
            "billing_country": .string(billingCountry),
        ]
        if let email { object["email"] = .string(email) }
        return .object(object)
    }
}

extension AuthorizeBody: JSONValueDecodable {
    /// The body `json` describes in its plain shape, or `nil` (then `Decodable` decides).
    public init?(jsonValue json: JSONValue) {
        guard case .string(let paymentID)? = json["payment_id"], case .string(let orderID)? = json["order_id"],
            case .integer(let amount)? = json["amount"], case .string(let currency)? = json["currency"],
            case .string(let cardToken)? = json["card_token"], case .string(let customerID)? = json["customer_id"],
            case .string(let billingCountry)? = json["billing_country"]
        else { return nil }
        let email: String?
        switch json["email"] {
        case nil, .null?: email = nil
        case .string(let text)?: email = text
        default: return nil
        }
        self.init(
            paymentID: paymentID, orderID: orderID, amount: amount, currency: currency, cardToken: cardToken,
            customerID: customerID, email: email, billingCountry: billingCountry
        )
    }
}

extension AuthorizationChecks: JSONValueConvertible {
    /// `{"avs", "cvv"}`.
    public var jsonValue: JSONValue {
        ["avs": .string(avs.rawValue), "cvv": .string(cvv.rawValue)]
    }
}

extension AuthorizationBody: JSONValueConvertible {
    /// The answer as JSON.
    public var jsonValue: JSONValue {
        [
            "payment_id": .string(paymentID), "authorization_id": .string(authorizationID), "state": .string(state.rawValue),
            "amount": .integer(amount), "currency": .string(currency), "checks": checks.jsonValue,
        ]
    }
}

extension AuthorizationBody: JSONValueDecodable {
    /// The answer `json` describes in its plain shape, or `nil` (then `Decodable` decides).
    public init?(jsonValue json: JSONValue) {
        guard case .string(let paymentID)? = json["payment_id"], case .string(let authorizationID)? = json["authorization_id"],
            case .string(let stateName)? = json["state"], let state = PaymentState(rawValue: stateName),
            case .integer(let amount)? = json["amount"], case .string(let currency)? = json["currency"],
            case .string(let avsName)? = json["checks"]?["avs"], let avs = AVSResult(rawValue: avsName),
            case .string(let cvvName)? = json["checks"]?["cvv"], let cvv = CVVResult(rawValue: cvvName)
        else { return nil }
        self.init(
            paymentID: paymentID, authorizationID: authorizationID, state: state, amount: amount, currency: currency,
            checks: AuthorizationChecks(avs: avs, cvv: cvv)
        )
    }
}
