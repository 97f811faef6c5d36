/// A card payment gateway, as the payments service uses it: the HTTP adapter for the bundled
/// simulator (or a real gateway) implements it, and business code never sees more.
///
/// Every mutating call carries an idempotency key that the adapter sends as the gateway's
/// `Idempotency-Key`, so retries (``RetryPolicy``) and takeovers never repeat an effect. Failures
/// are ``PaymentError``s: `network` and `timeout` (retriable; after a timeout the outcome is
/// unknown) or the gateway's final answer (`card_declined`, `insufficient_funds`,
/// `authentication_required` with `details.challenge_url`, `invalid_state`, `not_found`).
public protocol PaymentGateway: Sendable {
    /// Holds the amount on the card.
    func authorize(_ request: AuthorizationRequest) async throws(PaymentError) -> Authorization
    /// Captures an authorization.
    func capture(_ request: CaptureRequest) async throws(PaymentError) -> Capture
    /// Releases an authorization.
    func void(_ request: VoidRequest) async throws(PaymentError) -> VoidResult
    /// Returns captured money.
    func refund(_ request: RefundRequest) async throws(PaymentError) -> Refund
    /// The gateway's view of a payment, or `nil` if it never saw it.
    func retrieve(paymentID: String) async throws(PaymentError) -> GatewayPayment?
    /// One page of the settlement report of payments whose last change is in `[since, until)`
    /// (Unix seconds), starting at `cursor` (`nil` for the first page).
    func settlementReport(since: Int64, until: Int64, cursor: String?) async throws(PaymentError) -> SettlementReportPage
}

/// The whole settlement report of a window as a stream of records, fetched page by page: the
/// gateway side of ``Reconciler/reconcile(internal:gateway:)-(AsyncSequence,_)``.
public struct SettlementReport: AsyncSequence, Sendable {
    public typealias Element = ReconciliationRecord

    private let gateway: any PaymentGateway
    private let window: ReconciliationWindow

    /// The report of `window` from `gateway`.
    public init(gateway: any PaymentGateway, window: ReconciliationWindow) {
        self.gateway = gateway
        self.window = window
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(gateway: gateway, window: window)
    }

    /// Fetches the next page when the current one is used up.
    public struct Iterator: AsyncIteratorProtocol {
        private let gateway: any PaymentGateway
        private let window: ReconciliationWindow
        private var page: [ReconciliationRecord] = []
        private var index = 0
        private var cursor: String?
        private var finished = false

        fileprivate init(gateway: any PaymentGateway, window: ReconciliationWindow) {
            self.gateway = gateway
            self.window = window
        }

        public mutating func next() async throws -> ReconciliationRecord? {
            while index == page.count {
                guard !finished else { return nil }
                let next = try await gateway.settlementReport(since: window.since, until: window.until, cursor: cursor)
                page = next.records
                index = 0
                cursor = next.nextCursor
                finished = next.nextCursor == nil
            }
            defer { index += 1 }
            return page[index]
        }
    }
}
