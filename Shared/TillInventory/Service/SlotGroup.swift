import TillAPI
import TillRedis

/// The items of one reservation that live in one Redis Cluster slot: held, released and
/// committed together by one script.
struct SlotGroup: Sendable, Hashable {
    let slot: UInt16
    /// Sorted by sku.
    let items: [ReserveItem]

    /// The script keys: every stock key, then every hold key, in item order.
    func keys(reservationID: String) -> [String] {
        items.map { InventoryKeys.stock($0.sku) } + items.map { InventoryKeys.hold(sku: $0.sku, reservation: reservationID) }
    }

    /// Groups `items` by the slot of their sku keys, in slot order: concurrent multi-slot
    /// reservations take their holds in the same order.
    static func grouping(_ items: [ReserveItem]) -> [SlotGroup] {
        // The common one-sku reservation, without the dictionary and the sorts.
        if items.count == 1 { return [SlotGroup(slot: HashSlot.of(InventoryKeys.stock(items[0].sku)), items: items)] }
        return Dictionary(grouping: items) { HashSlot.of(InventoryKeys.stock($0.sku)) }
            .map { SlotGroup(slot: $0.key, items: $0.value.sorted { $0.sku < $1.sku }) }
            .sorted { $0.slot < $1.slot }
    }
}

/// The canonical text of a reservation's items, `sku=qty,…` sorted by sku, kept in its record:
/// it detects a reuse of the id with other items, and tells release and commit which skus to visit.
/// (`=` and `,` cannot occur in a sku.)
enum ItemsFingerprint {
    static func encode(_ items: [ReserveItem]) -> String {
        if items.count == 1 { return items[0].sku + "=" + String(items[0].quantity) }
        return items.sorted { $0.sku < $1.sku }.map { "\($0.sku)=\($0.quantity)" }.joined(separator: ",")
    }

    static func decode(_ text: String) -> [ReserveItem]? {
        guard !text.isEmpty else { return [] }
        var items: [ReserveItem] = []
        for line in text.split(separator: ",") {
            let parts = line.split(separator: "=")
            guard parts.count == 2, let quantity = Int64(parts[1]) else { return nil }
            items.append(ReserveItem(sku: String(parts[0]), quantity: quantity))
        }
        return items
    }
}
