import Foundation

/// A Swift value that can be bound to a `$n` parameter. Values travel in Postgres' text format.
///
/// Most types leave ``postgresTypeOID`` at 0 so the server infers the parameter's type from the query
/// (`where id = $1` takes the column's type); write a cast (`$1::int8`) where the query gives no hint.
package protocol PostgresBindable: Sendable {
    /// The text form the server parses, or nil for SQL NULL.
    var postgresText: String? { get }
    /// The type OID sent with the parameter, or 0 to let the server infer it.
    var postgresTypeOID: UInt32 { get }
}

extension PostgresBindable {
    package var postgresTypeOID: UInt32 { 0 }
}

// MARK: - Standard types

extension String: PostgresBindable {
    package var postgresText: String? { self }
}

extension Int: PostgresBindable {
    package var postgresText: String? { String(self) }
}

extension Int32: PostgresBindable {
    package var postgresText: String? { String(self) }
}

extension Int64: PostgresBindable {
    package var postgresText: String? { String(self) }
}

extension Bool: PostgresBindable {
    package var postgresText: String? { self ? "true" : "false" }
}

extension Double: PostgresBindable {
    package var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return description
    }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    package var postgresText: String? { self?.postgresText }
    package var postgresTypeOID: UInt32 { self?.postgresTypeOID ?? 0 }
}

// MARK: - Foundation and bytes

extension Date: PostgresBindable {
    /// ISO-8601 in UTC with microseconds, sent as `timestamptz` so date arithmetic on `$n` works.
    package var postgresText: String? { PostgresTimestamp.format(self) }
    package var postgresTypeOID: UInt32 { PostgresTypeOID.timestamptz }
}

extension UUID: PostgresBindable {
    package var postgresText: String? { uuidString.lowercased() }
}

extension Array: PostgresBindable where Element == UInt8 {
    /// `bytea` in hex form (`\x0a1b...`).
    package var postgresText: String? { PostgresHex.encode(self) }
    package var postgresTypeOID: UInt32 { PostgresTypeOID.bytea }
}

extension Data: PostgresBindable {
    /// `bytea` in hex form (`\x0a1b...`).
    package var postgresText: String? { PostgresHex.encode(self) }
    package var postgresTypeOID: UInt32 { PostgresTypeOID.bytea }
}
