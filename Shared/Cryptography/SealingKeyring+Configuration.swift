#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension SealingKeyring {
    /// Environment key holding the keyring configuration (`<id>:<base64>,...`).
    package static let keysEnvironmentKey = "AP_SEALING_KEYS"
    /// Environment key holding the id of the current key.
    package static let currentKeyIDEnvironmentKey = "AP_SEALING_KEY_ID"

    /// Reads the keyring from the environment; both keys are required, so a service that seals fails
    /// fast at start-up.
    ///
    /// | key | meaning |
    /// |---|---|
    /// | `AP_SEALING_KEYS` | `<id>:<standard base64 of 32 bytes>` entries, comma-separated |
    /// | `AP_SEALING_KEY_ID` | id of the key that seals new data |
    ///
    /// - Throws: ``CryptographyError/missingConfiguration(key:)`` naming an absent or empty key, or an
    ///   error of ``init(configuration:current:)``.
    package init(environment: [String: String]) throws(CryptographyError) {
        guard let keys = environment[Self.keysEnvironmentKey], !keys.isEmpty else {
            throw .missingConfiguration(key: Self.keysEnvironmentKey)
        }
        guard let current = environment[Self.currentKeyIDEnvironmentKey], !current.isEmpty else {
            throw .missingConfiguration(key: Self.currentKeyIDEnvironmentKey)
        }
        try self.init(configuration: keys, current: current)
    }

    /// Parses a keyring from configuration, typically `AP_SEALING_KEYS` and `AP_SEALING_KEY_ID`.
    ///
    /// `configuration` is a comma-separated list of `<id>:<standard base64 of 32 bytes>` entries, for
    /// example `k2:<base64>,k1:<base64>`; whitespace around entries is ignored. `current` picks the key
    /// new data is sealed with.
    ///
    /// Errors name the entry position or key id, never the key text.
    ///
    /// - Throws: ``CryptographyError/malformedKeyringEntry(entry:)``,
    ///   ``CryptographyError/invalidKeyID(entry:)``, ``CryptographyError/invalidKeyEncoding(keyID:)``,
    ///   ``CryptographyError/invalidKeyLength(keyID:byteCount:)``, or an error of
    ///   ``init(current:keys:)``.
    package init(configuration: String, current: String) throws(CryptographyError) {
        var keys: [SealingKey] = []
        let entries = configuration.split(separator: ",", omittingEmptySubsequences: false)
        for (index, rawEntry) in entries.enumerated() {
            let position = index + 1
            let entry = rawEntry.trimmingWhitespace()
            // A lone trailing comma is harmless; an empty configuration is reported as an empty keyring.
            if entry.isEmpty, index == entries.count - 1 { continue }
            guard let colon = entry.firstIndex(of: ":") else { throw .malformedKeyringEntry(entry: position) }
            let id = String(entry[..<colon].trimmingWhitespace())
            let encoded = String(entry[entry.index(after: colon)...].trimmingWhitespace())
            guard SealingKey.isValidID(id) else { throw .invalidKeyID(entry: position) }
            guard !encoded.isEmpty, let decoded = Data(base64Encoded: encoded) else {
                throw .invalidKeyEncoding(keyID: id)
            }
            keys.append(try SealingKey(id: id, bytes: Array(decoded)))
        }
        try self.init(current: current, keys: keys)
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var trimmed = self
        while trimmed.first?.isWhitespace == true { trimmed.removeFirst() }
        while trimmed.last?.isWhitespace == true { trimmed.removeLast() }
        return trimmed
    }
}
