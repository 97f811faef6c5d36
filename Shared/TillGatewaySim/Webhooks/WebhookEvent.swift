import TillPayments

/// A webhook event as `API.md` defines it:
/// `{"id": "evt_…", "type": "charge.captured", "created": <unix>, "data": {"object": {…}}}`.
public struct WebhookEvent: Codable, Sendable, Hashable {
    /// The event types the simulator sends.
    public enum EventType: String, Codable, Sendable, Hashable {
        /// An authorization was captured.
        case chargeCaptured = "charge.captured"
        /// Captured money was (partly) refunded.
        case chargeRefunded = "charge.refunded"
    }

    /// The payment the event is about.
    public struct Object: Codable, Sendable, Hashable {
        /// The payment.
        public var paymentID: String
        /// What this event moved, in minor units: the captured amount, or this refund's amount.
        public var amount: Int64
        /// ISO 4217 code.
        public var currency: String
        /// The order paid for.
        public var orderID: String
        /// The authorization.
        public var authorizationID: String?
        /// The payment's state after the event.
        public var state: PaymentState
        /// Captured so far.
        public var capturedAmount: Int64
        /// Refunded so far.
        public var refundedAmount: Int64
        /// The refund (for `charge.refunded`).
        public var refundID: String?

        private enum CodingKeys: String, CodingKey {
            case paymentID = "payment_id"
            case amount, currency
            case orderID = "order_id"
            case authorizationID = "authorization_id"
            case state
            case capturedAmount = "captured_amount"
            case refundedAmount = "refunded_amount"
            case refundID = "refund_id"
        }
    }

    /// `{"object": …}`.
    public struct Data: Codable, Sendable, Hashable {
        /// The payment.
        public var object: Object
    }

    /// Unique per event (a duplicate delivery repeats it).
    public var id: String
    /// What happened.
    public var type: EventType
    /// When (Unix seconds).
    public var created: Int64
    /// The payment.
    public var data: Data
}
