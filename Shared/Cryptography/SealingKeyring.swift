/// The sealing keys a service knows, one of them current. New data is sealed with the current key;
/// data sealed with any key in the ring still opens, so rotation is: add the new key, make it current,
/// reseal what ``needsResealing(_:)`` reports, and only then drop the old key.
///
/// Seal and open are pure CPU work (no I/O), fine to call from async code.
package struct SealingKeyring: Sendable, CustomStringConvertible {
    /// The id of the key new data is sealed with.
    package let currentKeyID: String
    private let keysByID: [String: SealingKey]

    /// A keyring holding `keys`, sealing with the key whose id is `current`.
    ///
    /// - Throws: ``CryptographyError/emptyKeyring``, ``CryptographyError/duplicateKeyID(_:)`` or
    ///   ``CryptographyError/unknownCurrentKeyID(_:)``.
    package init(current: String, keys: [SealingKey]) throws(CryptographyError) {
        guard !keys.isEmpty else { throw .emptyKeyring }
        var keysByID: [String: SealingKey] = [:]
        for key in keys {
            guard keysByID.updateValue(key, forKey: key.id) == nil else { throw .duplicateKeyID(key.id) }
        }
        guard keysByID[current] != nil else { throw .unknownCurrentKeyID(current) }
        self.currentKeyID = current
        self.keysByID = keysByID
    }

    /// The key new data is sealed with.
    package var currentKey: SealingKey {
        // The initializer guarantees the current id is present.
        keysByID[currentKeyID]!
    }

    /// The key with `id`, if the ring holds it.
    package func key(id: String) -> SealingKey? {
        keysByID[id]
    }

    /// All key ids, sorted.
    package var keyIDs: [String] {
        keysByID.keys.sorted()
    }

    package var description: String {
        "SealingKeyring(current: \(currentKeyID), keys: \(keyIDs))"
    }
}
