/// The paying customer, as `payments.authorize` and `checkout.start` receive it:
/// `{"id", "email", "ip"?}`. Velocity and rate limits count per `id`.
public struct CustomerInfo: Codable, Sendable, Hashable {
    /// The caller's customer id (1–64 characters `[A-Za-z0-9_.:-]`).
    public var id: String
    /// The customer's e-mail; masked in every log line.
    public var email: String
    /// The client's IP address, when known; logged only as its /24.
    public var ip: String?

    /// Creates a customer.
    public init(id: String, email: String, ip: String? = nil) {
        self.id = id
        self.email = email
        self.ip = ip
    }
}
