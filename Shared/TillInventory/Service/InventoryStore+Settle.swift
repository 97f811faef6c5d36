import TillAPI

extension InventoryStore {
    /// Releases a reservation, returning its stock. Safe to repeat, and safe before the
    /// reservation arrives: it leaves a tombstone that refuses the late `reserve`.
    /// - Throws: ``InventoryError/committed(reservationID:)`` once committed.
    public func release(reservationID id: String, traceID: String? = nil) async throws(InventoryError) -> ReservationStateResult {
        let event = InventoryEvent("inventory.released", reservationID: id, traceID: traceID)
        let reply = try await run(
            ReservationScripts.release,
            keys: [InventoryKeys.reservation(id)],
            arguments: [terminalTTLSeconds, InventoryKeys.eventsChannel, event.json()]
        )
        switch reply.first {
        case "committed": throw .committed(reservationID: id)
        case "released" where reply.count == 2: break
        default: throw .corruptState("release reply")
        }
        guard let items = ItemsFingerprint.decode(reply[1]) else { throw .corruptState("reservation items") }
        // Also on a repeat: a release that died half-way is finished by the next one.
        for group in SlotGroup.grouping(items) {
            _ = try await run(
                StockScripts.release,
                keys: group.keys(reservationID: id),
                arguments: [group.items.count, markerTTLSeconds]
            )
        }
        return ReservationStateResult(reservationID: id, state: "released")
    }

    /// Takes a reservation's held stock out of `on_hand`. Idempotent.
    /// - Throws: ``InventoryError/released(reservationID:)``, ``InventoryError/reservationNotFound(reservationID:)``,
    ///   ``InventoryError/notHeld(reservationID:)`` (its reserve failed or is still running).
    public func commit(reservationID id: String, traceID: String? = nil) async throws(InventoryError) -> ReservationStateResult {
        let record = [InventoryKeys.reservation(id)]
        let reply = try await run(ReservationScripts.beginCommit, keys: record, arguments: [])
        switch reply.first {
        case "not_found": throw .reservationNotFound(reservationID: id)
        case "released": throw .released(reservationID: id)
        case "not_held": throw .notHeld(reservationID: id)
        case "committed": return ReservationStateResult(reservationID: id, state: "committed")
        case "committing" where reply.count == 3: break
        default: throw .corruptState("commit reply")
        }
        guard let items = ItemsFingerprint.decode(reply[1]) else { throw .corruptState("reservation items") }
        for group in SlotGroup.grouping(items) {
            let outcome = try await run(
                StockScripts.commit,
                keys: group.keys(reservationID: id),
                arguments: [group.items.count, markerTTLSeconds]
            )
            // Only a one-slot reservation can get here unheld (a multi-slot one is `reserved` only
            // once every slot holds, and `committing` blocks release), so nothing was committed yet.
            if outcome.first == "not_held" {
                _ = try await run(ReservationScripts.revertCommit, keys: record, arguments: [reply[2]])
                throw .notHeld(reservationID: id)
            }
        }
        let event = InventoryEvent("inventory.committed", reservationID: id, traceID: traceID)
        _ = try await run(
            ReservationScripts.finishCommit,
            keys: record,
            arguments: [terminalTTLSeconds, InventoryKeys.eventsChannel, event.json()]
        )
        return ReservationStateResult(reservationID: id, state: "committed")
    }

    /// Hold markers outlive their record by an hour, so a replay that finds no record yet still
    /// meets the marker and cannot hold twice.
    var markerTTLSeconds: Int { terminalTTLSeconds + 3600 }
}
