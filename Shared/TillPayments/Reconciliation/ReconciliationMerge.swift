/// The pure core of reconciliation: fed both sides' records in ascending id order, it says which
/// to consume next and judges each payment id once.
struct ReconciliationMerge {
    let window: ReconciliationWindow
    private var lastInternal: CompactID?
    private var lastGateway: CompactID?

    init(window: ReconciliationWindow) {
        self.window = window
    }

    /// Which side(s) the head records belong to.
    enum Step {
        case both
        case internalOnly
        case gatewayOnly
    }

    /// Checks order and decides which head record(s) to judge next.
    mutating func step(internal: ReconciliationRecord?, gateway: ReconciliationRecord?) throws(ReconciliationError) -> Step? {
        switch (`internal`, gateway) {
        case (nil, nil):
            return nil
        case (let left?, nil):
            try advanceInternal(left.paymentID)
            return .internalOnly
        case (nil, let right?):
            try advanceGateway(right.paymentID)
            return .gatewayOnly
        case (let left?, let right?):
            if left.paymentID == right.paymentID {
                try advanceInternal(left.paymentID)
                try advanceGateway(right.paymentID)
                return .both
            }
            if left.paymentID < right.paymentID {
                try advanceInternal(left.paymentID)
                return .internalOnly
            }
            try advanceGateway(right.paymentID)
            return .gatewayOnly
        }
    }

    /// The verdict on one payment id: `nil` if outside the window, else matched or a discrepancy.
    ///
    /// A payment is judged when either side's event time is in the window, so a payment whose two
    /// sides changed state on either side of a window boundary is still compared as a pair.
    func judge(internal: ReconciliationRecord?, gateway: ReconciliationRecord?) -> Verdict? {
        switch (`internal`, gateway) {
        case (let left?, let right?):
            guard window.contains(left.eventTime) || window.contains(right.eventTime) else { return nil }
            if left.state != right.state {
                return .discrepancy(Discrepancy(type: .statusMismatch, paymentID: left.paymentID, internal: left, gateway: right))
            }
            if left.amount != right.amount || left.currency != right.currency {
                return .discrepancy(Discrepancy(type: .amountMismatch, paymentID: left.paymentID, internal: left, gateway: right))
            }
            return .matched
        case (let left?, nil):
            guard window.contains(left.eventTime) else { return nil }
            return .discrepancy(Discrepancy(type: .missingGateway, paymentID: left.paymentID, internal: left, gateway: nil))
        case (nil, let right?):
            guard window.contains(right.eventTime) else { return nil }
            return .discrepancy(Discrepancy(type: .missingInternal, paymentID: right.paymentID, internal: nil, gateway: right))
        case (nil, nil):
            return nil
        }
    }

    enum Verdict {
        case matched
        case discrepancy(Discrepancy)
    }

    private mutating func advanceInternal(_ id: CompactID) throws(ReconciliationError) {
        if let lastInternal, !(lastInternal < id) { throw ReconciliationError(unsorted: .internal, at: id) }
        lastInternal = id
    }

    private mutating func advanceGateway(_ id: CompactID) throws(ReconciliationError) {
        if let lastGateway, !(lastGateway < id) { throw ReconciliationError(unsorted: .gateway, at: id) }
        lastGateway = id
    }
}
