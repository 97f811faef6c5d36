/// Redis Cluster's hash slots: CRC16 (XMODEM) of the key, or of its `{hash tag}`, modulo 16384.
///
/// Redis hashes only the part between the first `{` and the first `}` after it when that part is
/// non-empty, so `till:{ord_1}:state` and `till:{ord_1}:log` share a slot; `{}` or an unclosed
/// `{` hashes the whole key. This must match the server bit for bit: the tests compare it with
/// `CLUSTER KEYSLOT` answers.
public enum HashSlot {
    /// The number of slots in a Redis Cluster.
    public static let count = 16_384

    /// The slot of `key`.
    public static func of(_ key: String) -> UInt16 {
        var key = key
        return key.withUTF8 { of(UnsafeRawBufferPointer($0)) }
    }

    /// The slot of the key whose bytes are `key`.
    public static func of(_ key: UnsafeRawBufferPointer) -> UInt16 {
        var hashed = key
        if let open = key.firstIndex(of: UInt8(ascii: "{")) {
            let afterOpen = open + 1
            if let close = key[afterOpen...].firstIndex(of: UInt8(ascii: "}")), close > afterOpen {
                hashed = UnsafeRawBufferPointer(rebasing: key[afterOpen..<close])
            }
        }
        return crc16(hashed) & UInt16(count - 1)
    }

    /// CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, no reflection.
    static func crc16(_ bytes: UnsafeRawBufferPointer) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
        }
        return crc
    }

    private static let table: [UInt16] = (0..<256).map { index in
        var crc = UInt16(index) << 8
        for _ in 0..<8 {
            crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
        }
        return crc
    }
}
