/// The issuer's address verification (AVS) answer, as reported with an authorization.
public enum AVSResult: String, Sendable, Hashable, Codable, CaseIterable {
    /// Street and postal code match.
    case match
    /// Only one of street and postal code matches.
    case partial
    /// Neither matches.
    case mismatch
    /// Not checked, or the issuer does not support AVS.
    case unavailable
}

/// The issuer's card verification value (CVV/CVC) answer, as reported with an authorization.
public enum CVVResult: String, Sendable, Hashable, Codable, CaseIterable {
    /// The CVV matches.
    case match
    /// The CVV does not match.
    case mismatch
    /// Not checked.
    case unavailable
}

/// The AVS and CVV outcomes of an authorization: what the `avs_cvv` fraud rule judges.
public struct AuthorizationChecks: Sendable, Hashable, Codable {
    /// Address verification.
    public var avs: AVSResult
    /// Card verification value.
    public var cvv: CVVResult

    /// Creates the outcomes.
    public init(avs: AVSResult, cvv: CVVResult) {
        self.avs = avs
        self.cvv = cvv
    }
}
