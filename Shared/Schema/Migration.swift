/// One versioned schema change: SQL applied once, in its own transaction, and recorded in
/// `schema_migrations` with a checksum so that an edited, already-applied migration is caught.
package struct Migration: Sendable, Equatable {
    /// Positive, unique; migrations apply in ascending order.
    package let version: Int
    /// A short snake_case label, recorded next to the version.
    package let name: String
    /// The statements, separated by `;`. They run inside a transaction, so no `BEGIN`/`COMMIT` and no
    /// `CREATE INDEX CONCURRENTLY`.
    package let sql: String
    /// FNV-1a 64-bit hash of the SQL text, as 16 lowercase hex digits.
    package let checksum: String

    package init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = Self.checksum(of: sql)
    }

    /// FNV-1a 64: stable across runs and platforms, and enough to notice an edit (this is not about
    /// tampering, so no cryptographic hash is needed).
    package static func checksum(of sql: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in sql.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
