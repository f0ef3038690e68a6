/// One Redis reply, binary safe. Bulk strings stay bytes until a caller asks for text.
package enum RESPValue: Sendable, Equatable {
    case bulk([UInt8])
    case status(String)
    case integer(Int)
    case array([RESPValue])
    case null
    case error(String)

    /// The reply as text (bulk or status); nil for other kinds.
    package var string: String? {
        switch self {
        case .bulk(let bytes): String(decoding: bytes, as: UTF8.self)
        case .status(let text): text
        default: nil
        }
    }

    /// The reply as bytes (bulk or status).
    package var bytes: [UInt8]? {
        switch self {
        case .bulk(let bytes): bytes
        case .status(let text): Array(text.utf8)
        default: nil
        }
    }

    /// Integer replies, and bulk strings that hold a decimal integer (HGET of a counter).
    package var int: Int? {
        switch self {
        case .integer(let value): value
        case .bulk(let bytes): Int(String(decoding: bytes, as: UTF8.self))
        default: nil
        }
    }

    package var array: [RESPValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    package var isNull: Bool { self == .null }

    /// Throws the server error carried by this reply, if any.
    @discardableResult
    package func orThrow() throws(RedisError) -> RESPValue {
        if case .error(let message) = self { throw .server(message) }
        return self
    }
}
