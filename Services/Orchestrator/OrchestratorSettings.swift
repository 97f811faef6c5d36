import TillService
import TillWire

/// The orchestrator's own settings, beyond those every service has.
enum OrchestratorSettings {
    static let inventory = Setting(
        "TILL_INVENTORY_ADDR", default: "127.0.0.1:7001", parser: .peerAddresses,
        help: "Inventory replicas, comma-separated host:port"
    )
    static let payments = Setting(
        "TILL_PAYMENTS_ADDR", default: "127.0.0.1:7002", parser: .peerAddresses,
        help: "Payments replicas, comma-separated host:port"
    )
    static let shipping = Setting(
        "TILL_SHIPPING_ADDR", default: "127.0.0.1:7003", parser: .peerAddresses,
        help: "Shipping replicas, comma-separated host:port"
    )
    static let lease = Setting(
        "TILL_SAGA_LEASE_MS", default: "5000", parser: .milliseconds(in: 300...600_000),
        help: "How long a saga's lease lasts without renewal; another orchestrator adopts it after that"
    )
    static let scanInterval = Setting(
        "TILL_SAGA_SCAN_INTERVAL_MS", default: "2000", parser: .milliseconds(in: 50...600_000),
        help: "How often to look for sagas whose orchestrator died"
    )
    static let compensationRetries = Setting(
        "TILL_COMPENSATION_RETRIES", default: "5", parser: .integer(in: 0...100),
        help: "Retries of a failing compensation before the saga ends failed_compensation"
    )
    static let compensationBackoff = Setting(
        "TILL_COMPENSATION_BACKOFF_MS", default: "1000", parser: .milliseconds(in: 1...600_000),
        help: "Linear backoff step between compensation retries"
    )
    static let stepTimeout = Setting(
        "TILL_STEP_TIMEOUT_MS", default: "10000", parser: .milliseconds(in: 100...600_000),
        help: "Timeout of one inventory or shipping step, its retries included"
    )
    static let paymentStepTimeout = Setting(
        "TILL_PAYMENT_STEP_TIMEOUT_MS", default: "15000", parser: .milliseconds(in: 100...600_000),
        help: "Timeout of one payments step, its retries included"
    )
}

extension SettingParser where Value == [PeerAddress] {
    /// Comma-separated `host:port` replicas.
    static var peerAddresses: Self {
        SettingParser(valueName: "host:port,…") { (text: String) throws(SettingParseFailure) -> [PeerAddress] in
            do {
                return try PeerAddress.list(text)
            } catch {
                throw .expected("comma-separated host:port (\(error.reason))")
            }
        }
    }
}
