import TillWire

// The `payments.*` results are stored in idempotency records and answered on the hot path: they
// are built as `JSONValue` directly (the same JSON as their `Encodable` conformances) instead of
// going through `JSONEncoder` and back.

extension FraudRuleReport: JSONValueConvertible {
    public var jsonValue: JSONValue {
        ["rule": .string(rule), "verdict": .string(verdict), "score": .integer(Int64(score)), "reason": .string(reason)]
    }
}

extension FraudReport: JSONValueConvertible {
    public var jsonValue: JSONValue {
        ["decision": .string(decision), "score": .integer(Int64(score)), "rules": .array(rules.map(\.jsonValue))]
    }
}

extension FraudReport: JSONValueDecodable {
    public init?(jsonValue json: JSONValue) {
        guard case .string(let decision)? = json["decision"], case .integer(let score)? = json["score"],
            case .array(let lines)? = json["rules"]
        else { return nil }
        var rules: [FraudRuleReport] = []
        rules.reserveCapacity(lines.count)
        for line in lines {
            guard case .string(let rule)? = line["rule"], case .string(let verdict)? = line["verdict"],
                case .integer(let ruleScore)? = line["score"], case .string(let reason)? = line["reason"]
            else { return nil }
            rules.append(FraudRuleReport(rule: rule, verdict: verdict, score: Int(ruleScore), reason: reason))
        }
        self.init(decision: decision, score: Int(score), rules: rules)
    }
}

extension AuthorizeResult: JSONValueConvertible {
    public var jsonValue: JSONValue {
        [
            "payment_id": .string(paymentID), "state": .string(state), "authorization_id": .string(authorizationID),
            "fraud": fraud.jsonValue,
        ]
    }
}

extension CaptureResult: JSONValueConvertible {
    public var jsonValue: JSONValue {
        ["payment_id": .string(paymentID), "state": .string(state), "captured_amount": .integer(capturedAmount)]
    }
}

extension VoidResult: JSONValueConvertible {
    public var jsonValue: JSONValue {
        ["payment_id": .string(paymentID), "state": .string(state)]
    }
}

extension RefundResult: JSONValueConvertible {
    public var jsonValue: JSONValue {
        [
            "payment_id": .string(paymentID), "refund_id": .string(refundID), "state": .string(state),
            "refunded_amount": .integer(refundedAmount),
        ]
    }
}
