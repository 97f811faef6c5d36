import TillWire

// `payments.authorize` is the hot path: its params are read from Till's own JSON reader when they
// have the plain shape (anything else goes through `Decodable`, which reports the field).

extension CustomerInfo: JSONValueDecodable {
    public init?(jsonValue json: JSONValue) {
        guard case .string(let id)? = json["id"], case .string(let email)? = json["email"],
            let ip = OptionalMember.string(json["ip"])
        else { return nil }
        self.init(id: id, email: email, ip: ip.value)
    }
}

extension AuthorizeParams: JSONValueDecodable {
    public init?(jsonValue json: JSONValue) {
        guard case .string(let paymentID)? = json["payment_id"], case .string(let orderID)? = json["order_id"],
            case .integer(let amount)? = json["amount"], case .string(let currency)? = json["currency"],
            case .string(let cardToken)? = json["card_token"], case .string(let billingCountry)? = json["billing_country"],
            let customerJSON = json["customer"], let customer = CustomerInfo(jsonValue: customerJSON),
            let cardCountry = OptionalMember.string(json["card_country"])
        else { return nil }
        self.init(
            paymentID: paymentID, orderID: orderID, amount: amount, currency: currency, cardToken: cardToken,
            customer: customer, billingCountry: billingCountry, cardCountry: cardCountry.value
        )
    }
}
