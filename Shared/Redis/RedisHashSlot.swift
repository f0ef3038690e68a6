/// Which of Redis Cluster's 16,384 slots a key lives in: CRC16 (XMODEM) of the key, or of its hash tag (the
/// text between the first `{` and the next `}`, when not empty), modulo 16,384. Keys that one script or
/// transaction touches must share a slot, which is what their hash tags are for.
package enum RedisHashSlot {
    package static let count = 16_384

    /// The slot of `key`.
    package static func slot(of key: String) -> Int {
        slot(of: Array(key.utf8)[...])
    }

    /// The slot of a key given as bytes (a command argument).
    package static func slot(of key: ArraySlice<UInt8>) -> Int {
        Int(crc16(hashed(Array(key))) % UInt16(count))
    }

    /// The part of `key` that is hashed: its hash tag, or the whole key.
    static func hashed(_ key: [UInt8]) -> ArraySlice<UInt8> {
        guard let open = key.firstIndex(of: UInt8(ascii: "{")),
            let close = key[(open + 1)...].firstIndex(of: UInt8(ascii: "}")), close > open + 1
        else { return key[...] }
        return key[(open + 1)..<close]
    }

    /// CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, as the cluster specification defines it.
    static func crc16(_ bytes: ArraySlice<UInt8>) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1
            }
        }
        return crc
    }
}
