import Cryptography

extension SealingKeyring {
    /// The form `AP_SEALING_KEYS` must take, as configuration problems state it.
    package static let keysForm =
        "comma-separated <id>:<base64 of 32 bytes> entries (make a key with: openssl rand -base64 32)"

    /// Reads the required `AP_SEALING_KEYS` and `AP_SEALING_KEY_ID` through `reader`, so that their problems
    /// are reported with every other key's. Problems name the key and its form, never the key text; on a
    /// problem this returns a throwaway keyring that ``EnvironmentConfiguration/load(environment:_:)`` never
    /// lets escape.
    package static func read(from reader: EnvironmentConfiguration) -> SealingKeyring {
        let keys = reader.value(keysEnvironmentKey)
        let current = reader.value(currentKeyIDEnvironmentKey)
        if keys == nil { reader.report(keysEnvironmentKey, .missing, expected: keysForm) }
        if current == nil {
            reader.report(currentKeyIDEnvironmentKey, .missing, expected: "the id of a key in \(keysEnvironmentKey)")
        }
        guard let keys, let current else { return placeholder }
        do {
            return try SealingKeyring(configuration: keys, current: current)
        } catch CryptographyError.unknownCurrentKeyID(_) {
            reader.report(currentKeyIDEnvironmentKey, .malformed, expected: "the id of a key in \(keysEnvironmentKey)")
        } catch {
            reader.report(keysEnvironmentKey, .malformed, expected: keysForm)
        }
        return placeholder
    }

    /// A keyring nothing is ever sealed with: it stands in while the configuration still has problems.
    private static var placeholder: SealingKeyring {
        do {
            return try SealingKeyring(
                current: "unset",
                keys: [SealingKey(id: "unset", bytes: Array(repeating: 0, count: SealingKey.byteCount))])
        } catch {
            // A valid id and a 32-byte key always make a keyring.
            preconditionFailure("the placeholder keyring is valid")
        }
    }
}
