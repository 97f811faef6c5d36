import TillWire

/// A gateway webhook's body (`API.md`, "Webhooks"):
/// `{"id": "evt_…", "type": "charge.captured", "created": <unix>, "data": {"object": {"payment_id", "amount", "currency", …}}}`.
///
/// `charge.refunded` objects carry the refund's id as `refund_id` (the event id stands in when
/// absent) and its amount as `amount`, so a refund reported by both the API call and the
/// webhook is counted once.
public struct GatewayWebhookEvent: Sendable, Hashable, Decodable {
    /// The event id: the dedup key.
    public var id: String
    /// `charge.captured`, `charge.refunded`, `charge.failed`, `charge.dispute.created`, ….
    public var type: String
    /// When the gateway created the event (Unix s).
    public var created: Int64
    /// The payment the event is about.
    public var object: Object

    /// The `data.object` of an event.
    public struct Object: Sendable, Hashable, Decodable {
        /// Till's payment id.
        public var paymentID: String
        /// Minor units: the captured amount, or this refund's amount.
        public var amount: Int64?
        /// ISO 4217 code.
        public var currency: String?
        /// The refund's id (`charge.refunded`).
        public var refundID: String?

        enum CodingKeys: String, CodingKey {
            case amount, currency
            case paymentID = "payment_id"
            case refundID = "refund_id"
        }

        /// Creates an object.
        public init(paymentID: String, amount: Int64?, currency: String?, refundID: String?) {
            self.paymentID = paymentID
            self.amount = amount
            self.currency = currency
            self.refundID = refundID
        }
    }

    /// Creates an event.
    public init(id: String, type: String, created: Int64, object: Object) {
        self.id = id
        self.type = type
        self.created = created
        self.object = object
    }

    private enum CodingKeys: String, CodingKey { case id, type, created, data }
    private enum DataKeys: String, CodingKey { case object }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        type = try container.decode(String.self, forKey: .type)
        created = try container.decodeIfPresent(Int64.self, forKey: .created) ?? 0
        object = try container.nestedContainer(keyedBy: DataKeys.self, forKey: .data).decode(Object.self, forKey: .object)
    }
}
