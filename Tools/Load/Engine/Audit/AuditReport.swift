/// The audit's verdict on each invariant.
public struct AuditReport: Sendable, Hashable, Codable {
    /// How one invariant fared.
    public enum Status: String, Sendable, Hashable, Codable {
        /// It held.
        case pass
        /// It was violated.
        case fail
        /// It could not be checked (e.g. no simulator configured); not a failure.
        case skipped
    }

    /// One invariant's verdict.
    public struct Verdict: Sendable, Hashable, Codable {
        /// What must hold, in a sentence.
        public var invariant: String
        /// Whether it held.
        public var status: Status
        /// How many items were checked, and the first few violations if any.
        public var detail: String

        /// A verdict.
        public init(invariant: String, status: Status, detail: String) {
            self.invariant = invariant
            self.status = status
            self.detail = detail
        }

        /// A pass or a fail, with `violations` (the first few are listed) out of `checked`.
        init(_ invariant: String, checked: Int, what: String, violations: [String]) {
            self.invariant = invariant
            self.status = violations.isEmpty ? .pass : .fail
            let listed = violations.prefix(5).joined(separator: "; ")
            self.detail = violations.isEmpty
                ? "\(checked) \(what) checked"
                : "\(violations.count) of \(checked) \(what) violate it: \(listed)\(violations.count > 5 ? "; …" : "")"
        }

        /// Whether it did not fail.
        public var passed: Bool { self.status != .fail }
    }

    /// The verdicts in the order the checks ran.
    public var verdicts: [Verdict]

    /// A report.
    public init(verdicts: [Verdict]) {
        self.verdicts = verdicts
    }

    /// Whether no invariant failed.
    public var passed: Bool { self.verdicts.allSatisfy(\.passed) }
}
