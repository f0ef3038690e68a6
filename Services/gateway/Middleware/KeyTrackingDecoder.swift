import Foundation

/// A `Decoder` over another (a `JSONDecoder`'s) that notes, for every JSON object it opens, the keys the object
/// holds and the keys the decoded types asked about (`decode`, `decodeIfPresent`, `contains`...). A key no type
/// asked about is one the body should not have held: ``DecodedKeys/unknown`` names it by its dotted path
/// (`pacing.minGap`, `items.2.name`), at any depth and for any `Decodable`, without a list of fields to keep
/// in step with the types.
struct KeyTrackingDecoder: Decoder {
    let base: any Decoder
    let keys: DecodedKeys

    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        // The same value read with keys of any name: `Key` would hide the ones it does not declare.
        let present = try base.container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue)
        keys.opened(at: codingPath, holding: present)
        return KeyedDecodingContainer(
            KeyTrackingKeyedContainer(base: try base.container(keyedBy: type), keys: keys))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        KeyTrackingUnkeyedContainer(base: try base.unkeyedContainer(), keys: keys)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        KeyTrackingSingleValueContainer(decoder: self, base: try base.singleValueContainer())
    }

    /// Whether values of `type` hold no keys: they are decoded by the base decoder as they are.
    /// A string as decoded, unless it holds a NUL character, which no text column (nor a C string) can carry:
    /// refused as a bad value at `path` (422 naming the field) rather than failing in the database.
    static func checkedText<T>(_ value: T, at path: [any CodingKey]) throws -> T {
        if let text = value as? String, text.unicodeScalars.contains("\u{0}") {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: nulText))
        }
        return value
    }

    static let nulText = "must not contain a NUL character"

    static func isLeaf(_ type: Any.Type) -> Bool {
        type == String.self || type == Bool.self || type is any BinaryInteger.Type
            || type is any BinaryFloatingPoint.Type || type == UUID.self || type == Date.self || type == Data.self
            || type == URL.self || type == Decimal.self
    }
}

/// What a ``KeyTrackingDecoder`` saw, by object path.
final class DecodedKeys {
    private var present: [String: Set<String>] = [:]
    private var asked: [String: Set<String>] = [:]

    /// The object at `path` holds `keys`.
    func opened(at path: [any CodingKey], holding keys: [String]) {
        present[StrictJSON.path(path), default: []].formUnion(keys)
    }

    /// A type asked about `key` of the object at `path`.
    func asked(_ key: any CodingKey, at path: [any CodingKey]) {
        asked[StrictJSON.path(path), default: []].insert(key.stringValue)
    }

    /// The dotted path of every key that an object held and no type asked about, sorted.
    var unknown: [String] {
        present.flatMap { path, keys in
            keys.subtracting(asked[path] ?? []).map { path.isEmpty ? $0 : "\(path).\($0)" }
        }.sorted()
    }
}

/// A coding key of any name, to list all of an object's keys.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}
