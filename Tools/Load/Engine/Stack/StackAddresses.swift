import TillWire

/// Where the stack's services listen: each a list of replicas.
public struct StackAddresses: Sendable, Hashable {
    /// `TILL_ORCHESTRATOR_ADDR`.
    public var orchestrator: [PeerAddress]
    /// `TILL_INVENTORY_ADDR` (needed to stock the catalogue and for the audit).
    public var inventory: [PeerAddress]
    /// `TILL_PAYMENTS_ADDR` (needed for the audit).
    public var payments: [PeerAddress]
    /// `TILL_SHIPPING_ADDR` (optional: the audit then also looks each shipment up).
    public var shipping: [PeerAddress]
    /// `TILL_GATEWAY_URL`: the gateway simulator, for its settlement report (optional).
    public var gatewayURL: String?

    /// Addresses.
    public init(orchestrator: [PeerAddress], inventory: [PeerAddress] = [], payments: [PeerAddress] = [],
                shipping: [PeerAddress] = [], gatewayURL: String? = nil) {
        self.orchestrator = orchestrator
        self.inventory = inventory
        self.payments = payments
        self.shipping = shipping
        self.gatewayURL = gatewayURL
    }
}
