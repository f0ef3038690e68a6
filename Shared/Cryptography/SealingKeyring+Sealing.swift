extension SealingKeyring {
    /// Seals `plaintext` with the current key and a fresh random 12-byte nonce.
    ///
    /// `associatedData` is authenticated but not stored: pass the same bytes to ``open(_:associatedData:)``.
    /// Bind the box to where it lives (for example `channel_credentials:<account id>`) so a sealed value
    /// copied to another row fails to open. Random nonces are safe for about 2^32 seals per key; rotate
    /// well before that.
    ///
    /// - Throws: ``CryptographyError/randomUnavailable``, ``CryptographyError/inputTooLarge`` or
    ///   ``CryptographyError/openSSLFailure(operation:)``.
    package func seal(_ plaintext: [UInt8], associatedData: [UInt8] = []) throws(CryptographyError) -> SealedBox {
        try seal(plaintext, associatedData: associatedData, nonce: SecureRandom.bytes(count: SealedBox.nonceByteCount))
    }

    /// Seals with a caller-chosen nonce. Internal, for known-answer tests only: reusing a nonce with the
    /// same key breaks GCM completely.
    func seal(_ plaintext: [UInt8], associatedData: [UInt8], nonce: [UInt8]) throws(CryptographyError) -> SealedBox {
        let key = currentKey
        let sealed = try AES256GCM.seal(
            plaintext,
            key: key.bytes,
            nonce: nonce,
            associatedData: SealedBox.header(keyID: key.id) + associatedData
        )
        return try SealedBox(keyID: key.id, nonce: nonce, ciphertext: sealed.ciphertext, tag: sealed.tag)
    }

    /// Opens a box sealed by any key in the ring, chosen by the id stored in the box.
    ///
    /// - Throws: ``CryptographyError/unknownKeyID(_:)`` when the ring lacks that key,
    ///   ``CryptographyError/authenticationFailed`` when the box was altered or `associatedData` differs.
    package func open(_ box: SealedBox, associatedData: [UInt8] = []) throws(CryptographyError) -> [UInt8] {
        guard let key = key(id: box.keyID) else { throw .unknownKeyID(box.keyID) }
        return try AES256GCM.open(
            box.ciphertext,
            tag: box.tag,
            key: key.bytes,
            nonce: box.nonce,
            associatedData: box.header + associatedData
        )
    }

    /// True when `box` was sealed with a key other than the current one and should be resealed.
    package func needsResealing(_ box: SealedBox) -> Bool {
        box.keyID != currentKeyID
    }

    /// Opens `box` and seals its contents again with the current key and a fresh nonce.
    ///
    /// - Throws: any error of ``open(_:associatedData:)`` or ``seal(_:associatedData:)``.
    package func reseal(_ box: SealedBox, associatedData: [UInt8] = []) throws(CryptographyError) -> SealedBox {
        try seal(open(box, associatedData: associatedData), associatedData: associatedData)
    }
}
