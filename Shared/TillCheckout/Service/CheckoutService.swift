import Logging
import TillAPI
import TillCrypto
import TillSaga
import TillWire

/// The logic behind the `checkout.*` methods, over the saga executor of the checkout saga.
public struct CheckoutService: Sendable {
    let executor: SagaExecutor<CheckoutStartParams>
    /// How long `checkout.start` waits when the caller sent no deadline.
    public var defaultWait: Duration = .seconds(30)

    public init(executor: SagaExecutor<CheckoutStartParams>) {
        self.executor = executor
    }

    /// Starts the checkout saga (or finds the one started before with the same params) and,
    /// with `wait`, answers once it ends or the deadline is near.
    public func start(_ params: CheckoutStartParams, traceID: String?, deadline: ContinuousClock.Instant?) async throws(WireError) -> SagaView {
        try CheckoutValidation.order(params)
        // The saga's input is the order without `wait`: a replay that waits differently is the same checkout.
        var order = params
        order.wait = nil
        let ids = CheckoutIDs(orderID: order.orderID)
        let hash = Self.paramsHash(order)
        let record: SagaRecord
        do {
            switch try await executor.start(sagaID: ids.sagaID, input: order, paramsHash: hash, traceID: traceID) {
            case .started(let started):
                record = started
            case .exists(let storedHash, let existing):
                guard storedHash == hash else {
                    throw WireError(.idempotencyConflict, "order \(ids.orderID) was started with different params")
                }
                record = existing
            }
        } catch let error as SagaLogError {
            throw error.wireError
        } catch let error as WireError {
            throw error
        } catch {
            throw WireError(.internal, "checkout start failed")
        }
        guard params.wait ?? true, record.state == .running else { return SagaView(record) }
        return try await waitForEnd(record, deadline: deadline ?? .now + defaultWait)
    }

    /// The saga view of `orderID`.
    public func get(orderID: String) async throws(WireError) -> SagaView {
        try CheckoutValidation.id(orderID, field: "order_id")
        let ids = CheckoutIDs(orderID: orderID)
        guard let record = try await read(ids.sagaID) else {
            throw WireError(.notFound, "no checkout for order \(orderID)", details: ["order_id": .string(orderID)])
        }
        return SagaView(record)
    }

    /// A page of sagas, newest first.
    public func list(_ params: CheckoutListParams) async throws(WireError) -> CheckoutListResult {
        let limit = params.limit ?? 50
        guard (1...200).contains(limit) else { throw .badRequest(field: "limit", "limit must be 1 to 200") }
        do throws(SagaLogError) {
            let state = params.state.flatMap { TillSaga.SagaState(rawValue: $0.rawValue) }
            let page = try await executor.log.list(state: state, limit: limit, cursor: params.cursor)
            let records = try await executor.read(sagaIDs: page.sagaIDs)
            return CheckoutListResult(sagas: records.map { SagaView($0) }, cursor: page.cursor)
        } catch {
            throw error.wireError
        }
    }

    /// Re-drives a `failed_compensation` saga's compensations; `invalid_state` for any other state.
    public func recover(orderID: String, traceID: String?) async throws(WireError) -> SagaView {
        try CheckoutValidation.id(orderID, field: "order_id")
        let ids = CheckoutIDs(orderID: orderID)
        let outcome: SagaExecutor<CheckoutStartParams>.RecoverOutcome
        do throws(SagaLogError) {
            outcome = try await executor.recover(sagaID: ids.sagaID, traceID: traceID)
        } catch {
            throw error.wireError
        }
        switch outcome {
        case .notFound:
            throw WireError(.notFound, "no checkout for order \(orderID)", details: ["order_id": .string(orderID)])
        case .invalidState(let state):
            throw WireError(.invalidState, "only a failed_compensation checkout can be recovered; this one is \(state.rawValue)", details: ["state": .string(state.rawValue)])
        case .recovering:
            return try await get(orderID: orderID)
        }
    }

    /// Waits for a running saga: for the drive in this process, or by reading Redis with backoff
    /// when another orchestrator drives it (a duplicate start on another replica).
    private func waitForEnd(_ record: SagaRecord, deadline: ContinuousClock.Instant) async throws(WireError) -> SagaView {
        let stop = Self.answerBy(deadline)
        if executor.isDriving(record.sagaID) {
            let budget = stop - .now
            if budget > .zero, let final = await executor.waitForEnd(sagaID: record.sagaID, timeout: budget) {
                return SagaView(final)
            }
        }
        // Not driven here (a duplicate on another replica), or the wait ran out: ask Redis.
        var latest = try await read(record.sagaID) ?? record
        var delay = Duration.milliseconds(20)
        while latest.state == .running, ContinuousClock.now + delay < stop {
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .milliseconds(500))
            latest = try await read(record.sagaID) ?? latest
        }
        return SagaView(latest)
    }

    private func read(_ sagaID: String) async throws(WireError) -> SagaRecord? {
        do throws(SagaLogError) {
            return try await executor.read(sagaID: sagaID)
        } catch {
            throw error.wireError
        }
    }

    /// When to answer: a little before the caller's deadline, so the answer arrives in time.
    static func answerBy(_ deadline: ContinuousClock.Instant) -> ContinuousClock.Instant {
        let remaining = deadline - .now
        let margin = min(max(remaining / 10, .milliseconds(50)), .seconds(1))
        return deadline - margin
    }

    /// SHA-256 of the order's canonical JSON (compact, members sorted by key): same params, same
    /// saga. Written by Till's JSON writer: the same bytes as `JSONEncoder` with `.sortedKeys`
    /// (a test checks it), so hashes stored by earlier versions still match.
    static func paramsHash(_ order: CheckoutStartParams) -> String {
        Hex.encode(Digest.sha256(Array(order.jsonValue.jsonText.utf8)))
    }
}
