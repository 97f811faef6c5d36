import Foundation
import TillPayments
import TillRedis
import TillWire

/// The JSON of payment events on `till.events`: `{type, at, trace_id, payment_id, order_id?, …}`.
///
/// Only ids, amounts and states: never a card token, e-mail or other personal data (pub/sub
/// subscribers are dashboards, not the redacting log handler).
struct PaymentEvent: Encodable, Sendable {
    var type: String
    var at: Int64
    var traceID: String?
    var paymentID: String?
    var orderID: String?
    var amount: Int64?
    var currency: String?
    var state: String?
    var source: String?
    var detail: String?

    enum CodingKeys: String, CodingKey {
        case type, at, amount, currency, state, source, detail
        case traceID = "trace_id"
        case paymentID = "payment_id"
        case orderID = "order_id"
    }

    init(
        _ type: String, paymentID: String?, traceID: String?, orderID: String? = nil, amount: Int64? = nil,
        currency: String? = nil, state: String? = nil, source: LedgerSource? = nil, detail: String? = nil
    ) {
        self.type = type
        self.at = Int64(Date().timeIntervalSince1970)
        self.traceID = traceID
        self.paymentID = paymentID
        self.orderID = orderID
        self.amount = amount
        self.currency = currency
        self.state = state
        self.source = source?.rawValue
        self.detail = detail
    }

    /// The event's JSON (the same as its `Encodable` conformance: absent fields are left out),
    /// written without `JSONEncoder`, which cost 5 % of a webhook delivery.
    func json() -> String {
        var object: [String: JSONValue] = ["type": .string(type), "at": .integer(at)]
        if let traceID { object["trace_id"] = .string(traceID) }
        if let paymentID { object["payment_id"] = .string(paymentID) }
        if let orderID { object["order_id"] = .string(orderID) }
        if let amount { object["amount"] = .integer(amount) }
        if let currency { object["currency"] = .string(currency) }
        if let state { object["state"] = .string(state) }
        if let source { object["source"] = .string(source) }
        if let detail { object["detail"] = .string(detail) }
        return CanonicalJSON.text(.object(object))
    }

    /// The pub/sub channel every Till event goes to.
    static let channel = "till.events"
}
