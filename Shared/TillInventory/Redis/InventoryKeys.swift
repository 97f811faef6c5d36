/// Where inventory keeps its state in Redis.
///
/// One sku's keys share the hash tag `{sku:<sku>}` and one reservation's record the tag
/// `{res:<id>}`, so each sits in a single Redis Cluster slot.
public enum InventoryKeys {
    /// The stock hash of `sku`: `on_hand`, `reserved`, `amount`, `currency`.
    public static func stock(_ sku: String) -> String { "till:{sku:\(sku)}:stock" }

    /// What `reservationID` holds of `sku`: `held:<qty>:<amount>:<currency>` while held,
    /// `committed:…` after commit, `released` after release (or before a late hold).
    public static func hold(sku: String, reservation reservationID: String) -> String {
        "till:{sku:\(sku)}:hold:\(reservationID)"
    }

    /// The reservation record (hash): `state`, `items`, `groups`, `lease`, `result`.
    public static func reservation(_ reservationID: String) -> String { "till:{res:\(reservationID)}:reservation" }

    /// The pub/sub channel every Till event goes to.
    public static let eventsChannel = "till.events"
}
