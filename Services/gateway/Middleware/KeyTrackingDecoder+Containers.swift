import Foundation

/// A keyed container that notes every key asked about and decodes nested values through a
/// ``KeyTrackingDecoder``; the rest is the base container's.
struct KeyTrackingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let base: KeyedDecodingContainer<Key>
    let keys: DecodedKeys

    var codingPath: [any CodingKey] { base.codingPath }
    var allKeys: [Key] { base.allKeys }

    private func asked(_ key: Key) { keys.asked(key, at: codingPath) }

    func contains(_ key: Key) -> Bool {
        asked(key)
        return base.contains(key)
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        asked(key)
        return try base.decodeNil(forKey: key)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try tracked(type, forKey: key) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try tracked(type, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try tracked(type, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try tracked(type, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try tracked(type, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try tracked(type, forKey: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try tracked(type, forKey: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try tracked(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try tracked(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try tracked(type, forKey: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try tracked(type, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try tracked(type, forKey: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try tracked(type, forKey: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try tracked(type, forKey: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try tracked(type, forKey: key) }

    /// Notes `key`, then decodes its value: a leaf straight from the base container (which keeps `JSONDecoder`'s
    /// own handling of dates, data, URLs and decimals), anything else through a tracking decoder.
    private func tracked<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        asked(key)
        if KeyTrackingDecoder.isLeaf(type) {
            return try KeyTrackingDecoder.checkedText(try base.decode(type, forKey: key), at: codingPath + [key])
        }
        // `superDecoder(forKey:)` reads a missing key as null; a missing value must stay `keyNotFound`.
        guard base.contains(key) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value for the key."))
        }
        return try T(from: KeyTrackingDecoder(base: try base.superDecoder(forKey: key), keys: keys))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        asked(key)
        return try KeyTrackingDecoder(base: try base.superDecoder(forKey: key), keys: keys).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        asked(key)
        return try KeyTrackingDecoder(base: try base.superDecoder(forKey: key), keys: keys).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        keys.asked(AnyCodingKey(stringValue: "super"), at: codingPath)
        return KeyTrackingDecoder(base: try base.superDecoder(), keys: keys)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        asked(key)
        return KeyTrackingDecoder(base: try base.superDecoder(forKey: key), keys: keys)
    }
}

/// An unkeyed container (a JSON array) whose elements decode through a ``KeyTrackingDecoder``.
struct KeyTrackingUnkeyedContainer: UnkeyedDecodingContainer {
    var base: any UnkeyedDecodingContainer
    let keys: DecodedKeys

    var codingPath: [any CodingKey] { base.codingPath }
    var count: Int? { base.count }
    var isAtEnd: Bool { base.isAtEnd }
    var currentIndex: Int { base.currentIndex }

    mutating func decodeNil() throws -> Bool { try base.decodeNil() }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if KeyTrackingDecoder.isLeaf(type) {
            let path = codingPath + [AnyCodingKey(intValue: currentIndex)]
            return try KeyTrackingDecoder.checkedText(try base.decode(type), at: path)
        }
        return try T(from: KeyTrackingDecoder(base: try base.superDecoder(), keys: keys))
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try base.decode(type) }
    mutating func decode(_ type: String.Type) throws -> String {
        let path = codingPath + [AnyCodingKey(intValue: currentIndex)]
        return try KeyTrackingDecoder.checkedText(try base.decode(type), at: path)
    }
    mutating func decode(_ type: Double.Type) throws -> Double { try base.decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try base.decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try base.decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try base.decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try base.decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try base.decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try base.decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try base.decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try base.decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try base.decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try base.decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try base.decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try KeyTrackingDecoder(base: try base.superDecoder(), keys: keys).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try KeyTrackingDecoder(base: try base.superDecoder(), keys: keys).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        KeyTrackingDecoder(base: try base.superDecoder(), keys: keys)
    }
}

/// A single-value container whose non-leaf values decode through the same ``KeyTrackingDecoder``.
struct KeyTrackingSingleValueContainer: SingleValueDecodingContainer {
    let decoder: KeyTrackingDecoder
    let base: any SingleValueDecodingContainer

    var codingPath: [any CodingKey] { base.codingPath }

    func decodeNil() -> Bool { base.decodeNil() }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if KeyTrackingDecoder.isLeaf(type) {
            return try KeyTrackingDecoder.checkedText(try base.decode(type), at: codingPath)
        }
        return try T(from: decoder)
    }

    func decode(_ type: Bool.Type) throws -> Bool { try base.decode(type) }
    func decode(_ type: String.Type) throws -> String {
        try KeyTrackingDecoder.checkedText(try base.decode(type), at: codingPath)
    }
    func decode(_ type: Double.Type) throws -> Double { try base.decode(type) }
    func decode(_ type: Float.Type) throws -> Float { try base.decode(type) }
    func decode(_ type: Int.Type) throws -> Int { try base.decode(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try base.decode(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try base.decode(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try base.decode(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try base.decode(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try base.decode(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try base.decode(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try base.decode(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try base.decode(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try base.decode(type) }
}
