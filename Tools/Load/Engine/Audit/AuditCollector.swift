import TillWire

/// Gathers ``AuditEvidence`` after a run: waits for the stack to drain, then reads every saga,
/// payment, shipment and sku of the run through public methods, and the gateway's report.
public struct AuditCollector: Sendable {
    /// The stack.
    public var stack: any StackAccess
    /// The gateway simulator's report, if one is configured.
    public var settlementSource: (any SettlementSource)?
    /// How long to wait for running sagas to finish.
    public var drainTimeout: Duration
    /// Calls in flight at once while reading.
    public var width: Int

    /// A collector.
    public init(stack: any StackAccess, settlementSource: (any SettlementSource)?, drainTimeout: Duration = .seconds(60), width: Int = 64) {
        self.stack = stack
        self.settlementSource = settlementSource
        self.drainTimeout = drainTimeout
        self.width = width
    }

    /// The evidence for `orders` placed from `catalogue` between `since` and `until` (Unix seconds).
    public func collect(
        orders: [CheckoutOrder], catalogue: Catalogue, stockBefore: [StockSnapshot], since: Int64, until: Int64,
        orderIDPrefix: String? = nil
    ) async throws -> AuditEvidence {
        let stack = self.stack
        let runningAnywhere = try await self.drain(orders: orders)
        let sagaList = try await Concurrently.map(orders, width: self.width) { (order: CheckoutOrder) async throws(RPCError) in
            try await stack.checkout(order.orderID)
        }
        var sagas: [String: SagaSnapshot] = [:]
        for saga in sagaList.compactMap({ $0 }) { sagas[saga.orderID] = saga }

        let paymentIDs = sagas.values.compactMap(\.paymentID)
        let paymentList = try await Concurrently.map(paymentIDs, width: self.width) { (id: String) async throws(RPCError) in
            try await stack.payment(id)
        }
        var payments: [String: PaymentSnapshot] = [:]
        for payment in paymentList.compactMap({ $0 }) { payments[payment.paymentID] = payment }

        var shipments: [String: ShipmentSnapshot] = [:]
        if stack.canReadShipments {
            let ids = sagas.values.filter { $0.state == "completed" }.compactMap(\.shipmentID)
            let list = try await Concurrently.map(ids, width: self.width) { (id: String) async throws(RPCError) in
                (id, try await stack.shipment(id))
            }
            for (id, shipment) in list { shipments[id] = shipment }
        }

        let stockAfter = try await Concurrently.map(Array(0..<catalogue.count), width: self.width) { (index: Int) async throws(RPCError) in
            try await stack.stock(sku: catalogue.sku(index))
        }

        var settlement: [SettlementRow]?
        var unavailable: String?
        if let source = self.settlementSource {
            do {
                settlement = try await source.settlement(since: since, until: until)
            } catch {
                unavailable = "the simulator's report could not be read: \(error)"
            }
        } else {
            unavailable = "no gateway simulator configured (TILL_GATEWAY_URL)"
        }
        return AuditEvidence(
            orders: orders, sagas: sagas, runningAnywhere: runningAnywhere, payments: payments, shipments: shipments,
            shipmentsChecked: stack.canReadShipments, catalogue: catalogue, stockBefore: stockBefore, stockAfter: stockAfter,
            settlement: settlement, settlementUnavailable: unavailable, orderIDPrefix: orderIDPrefix
        )
    }

    /// Waits until no saga is `running` (or the drain timeout passes); returns how many still are.
    private func drain(orders: [CheckoutOrder]) async throws -> Int {
        let clock = ContinuousClock()
        let end = clock.now + self.drainTimeout
        while true {
            let running = try await self.countRunning()
            if running == 0 || clock.now >= end { return running }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Sagas in state `running`, counted over at most 50 pages of `checkout.list`.
    private func countRunning() async throws(RPCError) -> Int {
        var count = 0
        var cursor: String?
        for _ in 0..<50 {
            let page = try await self.stack.checkouts(state: "running", cursor: cursor)
            count += page.sagas.count
            cursor = page.cursor
            if cursor == nil { break }
        }
        return count
    }
}
