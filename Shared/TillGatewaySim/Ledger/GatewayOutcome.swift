import TillGatewayHTTP

/// The answer to an API request, kept under its idempotency key so a replay gets the same one.
enum GatewayOutcome: Sendable, Hashable {
    /// `200` of authorize.
    case authorized(AuthorizationBody)
    /// `200` of capture and void.
    case payment(PaymentBody)
    /// `200` of refund.
    case refunded(RefundResultBody)
    /// A non-2xx answer.
    case failure(status: Int, ErrorBody)

    static func notFound(_ paymentID: String) -> Self {
        .failure(status: 404, ErrorBody(code: "not_found", message: "no such payment: \(paymentID)"))
    }

    static func invalidState(_ message: String, state: String) -> Self {
        .failure(status: 422, ErrorBody(code: "invalid_state", message: message, state: state))
    }

    static func badRequest(field: String, _ message: String) -> Self {
        .failure(status: 400, ErrorBody(code: "bad_request", message: message, field: field))
    }

    static var idempotencyConflict: Self {
        .failure(status: 409, ErrorBody(code: "idempotency_conflict", message: "idempotency key reused with different parameters"))
    }

    static var unavailable: Self {
        .failure(status: 503, ErrorBody(code: "unavailable", message: "gateway temporarily unavailable"))
    }
}
