import Testing
import TillInventory
import TillRedis

/// Inventory keys against `TillRedis.HashSlot` (known values from `CLUSTER KEYSLOT`).
struct HashSlotTests {
    @Test(arguments: [("foo", 12182), ("bar", 5061), ("123456789", 12739), ("{user1000}.following", 3443), ("foo{}{bar}", 8363), ("foo{{bar}}zap", 4015)])
    func matchesRedisCluster(key: String, slot: Int) {
        #expect(HashSlot.of(key) == UInt16(slot))
    }

    @Test func hashesOnlyTheFirstNonEmptyTag() {
        #expect(HashSlot.of("{user1000}.following") == HashSlot.of("{user1000}.followers"))
        #expect(HashSlot.of("foo{}{bar}") != HashSlot.of("bar"))
        #expect(HashSlot.of("foo{{bar}}zap") == HashSlot.of("{bar"))
    }

    @Test func keepsOneSkuAndOneReservationInOneSlot() {
        let stock = HashSlot.of(InventoryKeys.stock("sku-1"))
        #expect(HashSlot.of(InventoryKeys.hold(sku: "sku-1", reservation: "r-9")) == stock)
        #expect(HashSlot.of(InventoryKeys.reservation("r-9")) == HashSlot.of("{res:r-9}"))
    }
}
