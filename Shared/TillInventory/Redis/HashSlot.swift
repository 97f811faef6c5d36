/// The Redis Cluster hash slot of a key: CRC16 (XModem) of its hash tag, modulo 16384.
///
/// Inventory groups the keys of one reservation by slot and runs one script per slot, so the
/// code behaves the same on a single Redis as it will on a cluster.
public enum HashSlot {
    /// Slots in a Redis Cluster.
    public static let count: UInt16 = 16_384

    /// The slot of `key`: only the part inside the first non-empty `{…}` is hashed, if any.
    public static func of(_ key: String) -> UInt16 {
        let bytes = Array(key.utf8)
        var hashed = bytes[...]
        if let open = bytes.firstIndex(of: UInt8(ascii: "{")),
           let close = bytes[(open + 1)...].firstIndex(of: UInt8(ascii: "}")),
           close > open + 1 {
            hashed = bytes[(open + 1)..<close]
        }
        return crc16(hashed) % count
    }

    /// CRC16-CCITT (XModem): polynomial 0x1021, initial value 0, as Redis Cluster specifies.
    static func crc16(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 {
                crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
            }
        }
        return crc
    }
}
