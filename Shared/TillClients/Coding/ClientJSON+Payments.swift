import TillAPI
import TillWire

extension AuthorizeParams: ClientParams {
    var clientJSON: JSONValue {
        var customer: [String: JSONValue] = ["id": .string(self.customer.id), "email": .string(self.customer.email)]
        if let ip = self.customer.ip { customer["ip"] = .string(ip) }
        var object: [String: JSONValue] = [
            "payment_id": .string(paymentID), "order_id": .string(orderID), "amount": .integer(amount),
            "currency": .string(currency), "card_token": .string(cardToken), "customer": .object(customer),
            "billing_country": .string(billingCountry),
        ]
        if let cardCountry { object["card_country"] = .string(cardCountry) }
        return .object(object)
    }
}

extension CaptureParams: ClientParams {
    var clientJSON: JSONValue {
        var object: [String: JSONValue] = ["payment_id": .string(paymentID)]
        if let amount { object["amount"] = .integer(amount) }
        return .object(object)
    }
}

extension PaymentIDParams: ClientParams {
    var clientJSON: JSONValue { ["payment_id": .string(paymentID)] }
}

extension AuthorizeResult: ClientResult {
    init?(clientJSON json: JSONValue) {
        guard case .string(let paymentID)? = json["payment_id"], case .string(let state)? = json["state"],
              case .string(let authorizationID)? = json["authorization_id"], let fraud = json["fraud"].flatMap(FraudReport.init(clientJSON:))
        else { return nil }
        self.init(paymentID: paymentID, state: state, authorizationID: authorizationID, fraud: fraud)
    }
}

extension FraudReport {
    init?(clientJSON json: JSONValue) {
        guard case .string(let decision)? = json["decision"], let score = ClientJSON.int(json["score"]),
              case .array(let entries)? = json["rules"]
        else { return nil }
        var rules: [FraudRuleReport] = []
        rules.reserveCapacity(entries.count)
        for entry in entries {
            guard case .string(let rule)? = entry["rule"], case .string(let verdict)? = entry["verdict"],
                  let ruleScore = ClientJSON.int(entry["score"]), case .string(let reason)? = entry["reason"]
            else { return nil }
            rules.append(FraudRuleReport(rule: rule, verdict: verdict, score: ruleScore, reason: reason))
        }
        self.init(decision: decision, score: score, rules: rules)
    }
}

extension CaptureResult: ClientResult {
    init?(clientJSON json: JSONValue) {
        guard case .string(let paymentID)? = json["payment_id"], case .string(let state)? = json["state"],
              case .integer(let captured)? = json["captured_amount"]
        else { return nil }
        self.init(paymentID: paymentID, state: state, capturedAmount: captured)
    }
}

extension VoidResult: ClientResult {
    init?(clientJSON json: JSONValue) {
        guard case .string(let paymentID)? = json["payment_id"], case .string(let state)? = json["state"] else { return nil }
        self.init(paymentID: paymentID, state: state)
    }
}
