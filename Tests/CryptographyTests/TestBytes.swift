import Testing

@testable import Cryptography

/// Bytes from a hex literal in a test vector; a typo in a vector fails the test rather than crashing.
func bytes(_ hex: String) throws -> [UInt8] {
    try #require(Hex.decode(hex.filter { !$0.isWhitespace }))
}

/// A repeated byte, as RFC 4231 writes keys and data.
func repeated(_ byte: UInt8, _ count: Int) -> [UInt8] {
    [UInt8](repeating: byte, count: count)
}

/// A keyring with the given ids, each key 32 bytes derived from its position, current = first id.
func keyring(_ ids: [String], current: String? = nil) throws -> SealingKeyring {
    let keys = try ids.enumerated().map { index, id in
        try SealingKey(id: id, bytes: (0..<32).map { UInt8(truncatingIfNeeded: $0 + 32 * index) })
    }
    return try SealingKeyring(current: current ?? ids[0], keys: keys)
}

/// `value` with bit `bit` of byte `index` flipped.
func flipping(_ value: [UInt8], byte index: Int, bit: Int = 0) -> [UInt8] {
    var copy = value
    copy[index] ^= 1 << bit
    return copy
}
