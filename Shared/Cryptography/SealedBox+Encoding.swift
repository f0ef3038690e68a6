extension SealedBox {
    // MARK: Binary form

    /// Binary form, version 1: `0x01`, key id length (1 byte), key id (ASCII), 12-byte nonce,
    /// ciphertext, 16-byte tag.
    package var bytes: [UInt8] {
        header + nonce + ciphertext + tag
    }

    /// Reads the binary form written by ``bytes``.
    ///
    /// - Throws: ``CryptographyError/malformedSealedBox(_:)`` or
    ///   ``CryptographyError/unsupportedFormatVersion(_:)``.
    package init(bytes: [UInt8]) throws(CryptographyError) {
        guard let version = bytes.first else { throw .malformedSealedBox("empty input") }
        guard version == UInt8(Self.currentVersion) else { throw .unsupportedFormatVersion(Int(version)) }
        guard bytes.count >= 2 else { throw .malformedSealedBox("truncated header") }
        let idEnd = 2 + Int(bytes[1])
        guard bytes.count >= idEnd + Self.nonceByteCount + Self.tagByteCount else {
            throw .malformedSealedBox("truncated data")
        }
        let keyID = String(decoding: bytes[2..<idEnd], as: UTF8.self)
        guard SealingKey.isValidID(keyID) else { throw .malformedSealedBox("invalid key id") }
        let nonceEnd = idEnd + Self.nonceByteCount
        let tagStart = bytes.count - Self.tagByteCount
        try self.init(
            keyID: keyID,
            nonce: Array(bytes[idEnd..<nonceEnd]),
            ciphertext: Array(bytes[nonceEnd..<tagStart]),
            tag: Array(bytes[tagStart...])
        )
    }

    // MARK: Text form

    /// Text form: `v1.<keyId>.<base64url without padding of nonce + ciphertext + tag>`. Safe in URLs,
    /// JSON, environment variables and Postgres `text` columns.
    package var text: String {
        "v\(Self.currentVersion).\(keyID).\(Base64URL.encode(nonce + ciphertext + tag))"
    }

    /// Reads the text form written by ``text``.
    ///
    /// - Throws: ``CryptographyError/malformedSealedBox(_:)`` or
    ///   ``CryptographyError/unsupportedFormatVersion(_:)``.
    package init(text: String) throws(CryptographyError) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].first == "v", let version = Int(parts[0].dropFirst()) else {
            throw .malformedSealedBox("expected v<version>.<keyId>.<data>")
        }
        guard version == Self.currentVersion else { throw .unsupportedFormatVersion(version) }
        guard SealingKey.isValidID(String(parts[1])) else { throw .malformedSealedBox("invalid key id") }
        guard let payload = Base64URL.decode(String(parts[2])) else {
            throw .malformedSealedBox("data is not base64url")
        }
        guard payload.count >= Self.nonceByteCount + Self.tagByteCount else {
            throw .malformedSealedBox("truncated data")
        }
        let tagStart = payload.count - Self.tagByteCount
        try self.init(
            keyID: String(parts[1]),
            nonce: Array(payload[..<Self.nonceByteCount]),
            ciphertext: Array(payload[Self.nonceByteCount..<tagStart]),
            tag: Array(payload[tagStart...])
        )
    }
}
