import TillService

/// The payments-only settings, validated at start.
struct PaymentsSettings: Sendable {
    var gatewayURL: String?
    var gatewayTimeout: Duration
    var webhookListen: HostPort
    var webhookSecrets: [String]?
    var fraudReviewThreshold: Int
    var fraudVelocity: Rate
    var rateLimit: Rate
    var resolverInterval: Duration
    var breakerRecovery: Duration
}

extension SettingParser where Value == String {
    /// An `http://` or `https://` URL (a trailing `/` is dropped).
    static var httpURL: Self {
        SettingParser(valueName: "url") { (text: String) throws(SettingParseFailure) -> String in
            guard text.hasPrefix("http://") || text.hasPrefix("https://"), text.count > "https://".count else {
                throw .expected("an http:// or https:// URL")
            }
            return text.hasSuffix("/") ? String(text.dropLast()) : text
        }
    }
}
