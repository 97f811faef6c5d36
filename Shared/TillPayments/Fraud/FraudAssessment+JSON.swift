import TillWire

// An assessment is stored with every authorization and reported in its result: it is written as
// `JSONValue` directly (the same JSON as its `Encodable` conformance), not with `JSONEncoder`.

extension FraudVerdict: JSONValueConvertible {
    /// `{"rule", "verdict", "score", "reason"}`.
    public var jsonValue: JSONValue {
        ["rule": .string(rule), "verdict": .string(verdict.rawValue), "score": .integer(Int64(score)), "reason": .string(reason)]
    }
}

extension FraudAssessment: JSONValueConvertible {
    /// `{"decision", "score", "rules": […]}`.
    public var jsonValue: JSONValue {
        ["decision": .string(decision.rawValue), "score": .integer(Int64(score)), "rules": .array(verdicts.map(\.jsonValue))]
    }
}
