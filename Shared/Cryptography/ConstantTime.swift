internal import COpenSSL

/// Comparisons whose running time does not depend on where the inputs differ (`CRYPTO_memcmp`), for
/// checking secrets: tokens, HMAC signatures, admin secrets.
package enum ConstantTime {
    /// Whether `lhs` and `rhs` hold the same bytes. Inputs of different lengths are unequal at once:
    /// only the lengths leak, never the contents, and nothing is read past either input.
    package static func isEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard !lhs.isEmpty else { return true }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }

    /// Whether two strings have the same UTF-8 bytes (no Unicode normalization: secrets are compared
    /// exactly as sent).
    package static func isEqual(_ lhs: String, _ rhs: String) -> Bool {
        isEqual(Array(lhs.utf8), Array(rhs.utf8))
    }
}
