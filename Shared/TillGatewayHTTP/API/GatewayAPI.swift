/// Paths and header names of the gateway's HTTP API (`docs/GATEWAY-SIM.md`).
public enum GatewayAPI {
    /// The header carrying a mutating request's idempotency key.
    public static let idempotencyKeyHeader = "Idempotency-Key"
    /// The header of a settlement report page naming where the next page starts (absent on the
    /// last page).
    public static let nextCursorHeader = "Next-Cursor"
    /// The settlement report's content type: one JSON object per line.
    public static let reportContentType = "application/x-ndjson"
    /// The largest settlement report page.
    public static let maximumReportLimit = 10_000
    /// The page size when the request names none.
    public static let defaultReportLimit = 1_000

    /// `POST`: authorize.
    public static let authorizationsPath = "/v1/authorizations"

    /// `GET`: one payment's true state.
    public static func paymentPath(_ paymentID: String) -> String { "/v1/payments/\(paymentID)" }
    /// `POST`: capture.
    public static func capturePath(_ paymentID: String) -> String { "/v1/payments/\(paymentID)/capture" }
    /// `POST`: void.
    public static func voidPath(_ paymentID: String) -> String { "/v1/payments/\(paymentID)/void" }
    /// `POST`: refund.
    public static func refundsPath(_ paymentID: String) -> String { "/v1/payments/\(paymentID)/refunds" }
    /// `GET ?since=&until=[&cursor=][&limit=]`: the settlement report.
    public static let settlementsPath = "/v1/settlements"
}
