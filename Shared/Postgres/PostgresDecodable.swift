import Foundation

/// A Swift type that a result value (in Postgres' text format) can be decoded into.
///
/// Optional types decode SQL NULL as nil; other types treat NULL as a decoding error.
package protocol PostgresDecodable: Sendable {
    /// Parses a non-NULL value; nil when the text is not a valid `Self`.
    init?(postgresText text: String)
    /// The value that SQL NULL decodes to, or nil when `Self` cannot represent NULL.
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    package static var postgresNull: Self? { nil }
}

// MARK: - Standard types

extension String: PostgresDecodable {
    package init?(postgresText text: String) { self = text }
}

extension Int: PostgresDecodable {
    package init?(postgresText text: String) { self.init(text) }
}

extension Int32: PostgresDecodable {
    package init?(postgresText text: String) { self.init(text) }
}

extension Int64: PostgresDecodable {
    package init?(postgresText text: String) { self.init(text) }
}

extension Bool: PostgresDecodable {
    package init?(postgresText text: String) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension Double: PostgresDecodable {
    package init?(postgresText text: String) {
        switch text {
        case "NaN": self = .nan
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        default: self.init(text)
        }
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    package init?(postgresText text: String) {
        guard let value = Wrapped(postgresText: text) else { return nil }
        self = .some(value)
    }

    package static var postgresNull: Self? { .some(.none) }
}

// MARK: - Foundation and bytes

extension Date: PostgresDecodable {
    /// `timestamptz`, `timestamp` (taken as UTC) or `date` text; `infinity` maps to `distantFuture`.
    package init?(postgresText text: String) {
        guard let date = PostgresTimestamp.parse(text) else { return nil }
        self = date
    }
}

extension UUID: PostgresDecodable {
    package init?(postgresText text: String) { self.init(uuidString: text) }
}

extension Array: PostgresDecodable where Element == UInt8 {
    /// `bytea` in hex form.
    package init?(postgresText text: String) {
        guard let bytes = PostgresHex.decode(text) else { return nil }
        self = bytes
    }
}

extension Data: PostgresDecodable {
    /// `bytea` in hex form.
    package init?(postgresText text: String) {
        guard let bytes = PostgresHex.decode(text) else { return nil }
        self = Data(bytes)
    }
}
