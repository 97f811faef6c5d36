import TillAPI
import TillPayments

/// Range and format checks the decoder cannot make; each failure is `bad_request` naming its
/// field's JSON path. Messages never echo the value (it may be an e-mail address).
enum PaymentsValidation {
    /// 1–64 characters `[A-Za-z0-9_.:-]`.
    static func id(_ value: String, field: String) throws(PaymentError) {
        let allowed = value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: ":"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
        guard (1...64).contains(value.utf8.count), allowed else {
            throw .badRequest(field: field, "must be 1-64 characters [A-Za-z0-9_.:-]")
        }
    }

    static func country(_ value: String, field: String) throws(PaymentError) {
        guard value.utf8.count == 2, value.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else {
            throw .badRequest(field: field, "must be an ISO 3166-1 alpha-2 code")
        }
    }

    static func positive(_ amount: Int64?, field: String) throws(PaymentError) {
        if let amount, amount <= 0 { throw .badRequest(field: field, "must be a positive integer of minor units") }
    }

    static func authorize(_ params: AuthorizeParams) throws(PaymentError) {
        try id(params.paymentID, field: "payment_id")
        try id(params.orderID, field: "order_id")
        try positive(params.amount, field: "amount")
        _ = try Currency.require(params.currency)
        guard (1...255).contains(params.cardToken.utf8.count) else { throw .badRequest(field: "card_token", "must be 1-255 characters") }
        try id(params.customer.id, field: "customer.id")
        let email = params.customer.email
        guard (3...254).contains(email.utf8.count), email.contains("@") else {
            throw .badRequest(field: "customer.email", "must be an e-mail address")
        }
        if let ip = params.customer.ip, ip.utf8.count > 45 { throw .badRequest(field: "customer.ip", "must be an IP address") }
        try country(params.billingCountry, field: "billing_country")
        if let cardCountry = params.cardCountry { try country(cardCountry, field: "card_country") }
    }

    static func capture(_ params: CaptureParams) throws(PaymentError) {
        try id(params.paymentID, field: "payment_id")
        try positive(params.amount, field: "amount")
    }

    static func refund(_ params: RefundParams) throws(PaymentError) {
        try id(params.paymentID, field: "payment_id")
        try positive(params.amount, field: "amount")
        if let reason = params.reason, reason.count > 500 { throw .badRequest(field: "reason", "must be at most 500 characters") }
    }

    static func reconcile(_ params: ReconcileParams) throws(PaymentError) {
        guard params.since >= 0 else { throw .badRequest(field: "since", "must be a Unix time") }
        guard params.until > params.since else { throw .badRequest(field: "until", "must be after since") }
        guard params.until - params.since <= PaymentsService.maximumReconcileWindowSeconds else {
            throw .badRequest(field: "until", "the window is at most 31 days")
        }
        if let limit = params.limit, !(1...1000).contains(limit) { throw .badRequest(field: "limit", "must be 1-1000") }
        if let cursor = params.cursor { try id(cursor, field: "cursor") }
    }
}
