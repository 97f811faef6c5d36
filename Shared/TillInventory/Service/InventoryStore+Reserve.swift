import Foundation
import Logging
import TillAPI
import TillRedis
import TillWire

extension InventoryStore {
    /// Holds every item of a reservation, or none.
    ///
    /// Idempotent on `reservation_id`: the same items get the first result again (with the prices
    /// held then); other items get ``InventoryError/idempotencyConflict(reservationID:)``; a
    /// reservation already released (even before it arrived) gets ``InventoryError/released(reservationID:)``.
    public func reserve(
        _ params: ReserveParams,
        traceID: String? = nil,
        deadline: ContinuousClock.Instant? = nil
    ) async throws(InventoryError) -> ReserveResult {
        try Self.check(deadline)
        let id = params.reservationID
        let groups = SlotGroup.grouping(params.items)
        let claimArguments: [any RedisArgumentConvertible] = [
            ItemsFingerprint.encode(params.items), groups.count, Self.nowMilliseconds(), leaseMilliseconds,
        ]
        if groups.count == 1, slotPolicy == .singleServer {
            // Claim and hold in one script: one command, one round trip.
            let event = InventoryEvent("inventory.reserved", reservationID: id, traceID: traceID)
            let reply = try await run(
                ReservationScripts.claimAndHold,
                keys: [InventoryKeys.reservation(id)] + groups[0].keys(reservationID: id),
                arguments: claimArguments + Self.holdArguments(groups[0], event: event)
            )
            if case .done(let stored) = try Self.claimOutcome(reply, reservationID: id) { return stored }
            let held = try Self.heldItems(reply, of: groups[0], reservationID: id)
            return ReserveResult(reservationID: id, items: Self.inRequestOrder(params.items, held))
        }

        let claim = try await run(ReservationScripts.claim, keys: [InventoryKeys.reservation(id)], arguments: claimArguments)
        if case .done(let stored) = try Self.claimOutcome(claim, reservationID: id) { return stored }
        if groups.count == 1 {
            let event = InventoryEvent("inventory.reserved", reservationID: id, traceID: traceID)
            let held = try await hold(groups[0], reservationID: id, event: event)
            return ReserveResult(reservationID: id, items: Self.inRequestOrder(params.items, held))
        }
        return try await reserveAcrossSlots(params, groups: groups, traceID: traceID, deadline: deadline)
    }

    /// What a claim said, when it lets the reservation go on.
    private enum ClaimOutcome {
        /// Hold the stock (or, after ``ReservationScripts/claimAndHold``, the hold's reply follows).
        case proceed
        /// A multi-slot reservation finished earlier: its stored result.
        case done(ReserveResult)
    }

    /// Reads a claim's reply; refusals throw. A reply that is no claim reply (the hold's, after
    /// ``ReservationScripts/claimAndHold``) means the claim proceeded.
    private static func claimOutcome(_ reply: [String], reservationID id: String) throws(InventoryError) -> ClaimOutcome {
        switch reply.first {
        case "released": throw .released(reservationID: id)
        case "conflict": throw .idempotencyConflict(reservationID: id)
        case "busy": throw .inProgress(reservationID: id)
        case "done" where reply.count == 2:
            guard let stored = try? JSONDecoder().decode(ReserveResult.self, from: Data(reply[1].utf8)) else {
                throw .corruptState("reservation result")
            }
            return .done(stored)
        // `ok`, `not_found`, `insufficient`: the hold's reply after a claim that proceeded.
        case "proceed", "ok", "not_found", "insufficient": return .proceed
        default: throw .corruptState("claim reply")
        }
    }

    /// The two-phase path: hold slot by slot in slot order; on any failure undo the holds taken,
    /// else mark the record `reserved` with its result (publishing the event).
    private func reserveAcrossSlots(
        _ params: ReserveParams,
        groups: [SlotGroup],
        traceID: String?,
        deadline: ContinuousClock.Instant?
    ) async throws(InventoryError) -> ReserveResult {
        let id = params.reservationID
        var held: [SlotGroup] = []
        var items: [ReservedItem] = []
        do throws(InventoryError) {
            for group in groups {
                try Self.check(deadline)
                items += try await hold(group, reservationID: id, event: nil)
                held.append(group)
            }
            let result = ReserveResult(reservationID: id, items: Self.inRequestOrder(params.items, items))
            let resultJSON = result.jsonValue.jsonText
            let event = InventoryEvent("inventory.reserved", reservationID: id, traceID: traceID, items: result.items)
            let state = try await run(
                ReservationScripts.finalize,
                keys: [InventoryKeys.reservation(id)],
                arguments: [resultJSON, InventoryKeys.eventsChannel, event.json()]
            )
            guard state.first == "pending" else { throw .released(reservationID: id) }
            return result
        } catch {
            await rollBack(held, reservationID: id)
            throw error
        }
    }

    /// Holds one slot's items; returns them with their unit prices.
    private func hold(_ group: SlotGroup, reservationID id: String, event: InventoryEvent?) async throws(InventoryError) -> [ReservedItem] {
        let reply = try await run(StockScripts.hold, keys: group.keys(reservationID: id), arguments: Self.holdArguments(group, event: event))
        return try Self.heldItems(reply, of: group, reservationID: id)
    }

    /// The arguments of ``StockScripts/holdFunction`` for `group`.
    private static func holdArguments(_ group: SlotGroup, event: InventoryEvent?) -> [any RedisArgumentConvertible] {
        var arguments: [any RedisArgumentConvertible] = [group.items.count, event?.openJSON() ?? "", InventoryKeys.eventsChannel]
        arguments.reserveCapacity(3 + 2 * group.items.count)
        arguments += group.items.map(\.quantity) as [any RedisArgumentConvertible]
        arguments += group.items.map { "\"\($0.sku)\"" } as [any RedisArgumentConvertible]
        return arguments
    }

    /// Reads the reply of ``StockScripts/holdFunction``: the held items with their prices, or the refusal.
    private static func heldItems(_ reply: [String], of group: SlotGroup, reservationID id: String) throws(InventoryError) -> [ReservedItem] {
        switch reply.first {
        case "ok" where reply.count == 1 + 2 * group.items.count:
            return group.items.enumerated().map { index, item in
                let amount = Int64(reply[1 + 2 * index]) ?? 0
                return ReservedItem(sku: item.sku, quantity: item.quantity, unitPrice: Price(amount: amount, currency: reply[2 + 2 * index]))
            }
        case "released":
            throw .released(reservationID: id)
        case "conflict":
            throw .idempotencyConflict(reservationID: id)
        case "not_found" where reply.count == 2:
            throw .skuNotFound(sku: item(reply[1], of: group).sku)
        case "insufficient" where reply.count == 3:
            let item = item(reply[1], of: group)
            throw .insufficientStock(sku: item.sku, requested: item.quantity, available: max(0, Int64(reply[2]) ?? 0))
        default:
            throw .corruptState("hold reply")
        }
    }

    /// Best effort: a failed rollback leaves stock held, so it is logged for an operator (a later
    /// `release` of the same id returns it).
    private func rollBack(_ groups: [SlotGroup], reservationID id: String) async {
        for group in groups.reversed() {
            do throws(InventoryError) {
                _ = try await run(StockScripts.rollback, keys: group.keys(reservationID: id), arguments: [group.items.count])
            } catch {
                logger.error(
                    "reservation rollback failed; release the reservation to return its stock",
                    metadata: ["reservation.id": "\(id)", "error": "\(error)"]
                )
            }
        }
        do throws(InventoryError) {
            _ = try await run(ReservationScripts.abandon, keys: [InventoryKeys.reservation(id)], arguments: [])
        } catch {
            logger.warning("reservation lease not given up", metadata: ["reservation.id": "\(id)", "error": "\(error)"])
        }
    }

    private static func item(_ oneBasedIndex: String, of group: SlotGroup) -> ReserveItem {
        let index = (Int(oneBasedIndex) ?? 1) - 1
        return group.items.indices.contains(index) ? group.items[index] : group.items[0]
    }

    private static func inRequestOrder(_ requested: [ReserveItem], _ held: [ReservedItem]) -> [ReservedItem] {
        if requested.count == 1, held.count == 1 { return held }
        let bySKU = Dictionary(held.map { ($0.sku, $0) }, uniquingKeysWith: { first, _ in first })
        return requested.compactMap { bySKU[$0.sku] }
    }

    static func check(_ deadline: ContinuousClock.Instant?) throws(InventoryError) {
        if let deadline, ContinuousClock.now >= deadline { throw .deadlineExceeded }
    }
}
