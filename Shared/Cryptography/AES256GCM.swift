internal import COpenSSL

/// The raw AES-256-GCM primitive (96-bit nonce, 128-bit tag). Internal: callers go through
/// ``SealingKeyring``, which picks fresh nonces; the nonce parameter exists for known-answer tests.
enum AES256GCM {
    /// Encrypts `plaintext` and returns the ciphertext and tag.
    static func seal(
        _ plaintext: [UInt8],
        key: [UInt8],
        nonce: [UInt8],
        associatedData: [UInt8]
    ) throws(CryptographyError) -> (ciphertext: [UInt8], tag: [UInt8]) {
        try checkSizes(key: key, nonce: nonce, inputs: plaintext, associatedData)
        guard let context = EVP_CIPHER_CTX_new() else { throw .openSSLFailure(operation: "EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(context) }

        // GCM's default IV length is 12 bytes, the size checkSizes enforces.
        guard EVP_EncryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1 else {
            throw .openSSLFailure(operation: "EVP_EncryptInit_ex")
        }
        var written: Int32 = 0
        if !associatedData.isEmpty {
            guard EVP_EncryptUpdate(context, nil, &written, associatedData, Int32(associatedData.count)) == 1 else {
                throw .openSSLFailure(operation: "EVP_EncryptUpdate")
            }
        }
        // GCM is a stream mode: ciphertext length equals plaintext length and Final writes nothing,
        // but one spare block keeps OpenSSL's documented output bound.
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var total = 0
        if !plaintext.isEmpty {
            guard EVP_EncryptUpdate(context, &ciphertext, &written, plaintext, Int32(plaintext.count)) == 1 else {
                throw .openSSLFailure(operation: "EVP_EncryptUpdate")
            }
            total = Int(written)
        }
        let finalOK = ciphertext.withUnsafeMutableBufferPointer { buffer in
            EVP_EncryptFinal_ex(context, buffer.baseAddress! + total, &written) == 1
        }
        guard finalOK else { throw .openSSLFailure(operation: "EVP_EncryptFinal_ex") }
        total += Int(written)

        var tag = [UInt8](repeating: 0, count: SealedBox.tagByteCount)
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_GET_TAG, Int32(tag.count), &tag) == 1 else {
            throw .openSSLFailure(operation: "EVP_CTRL_AEAD_GET_TAG")
        }
        return (Array(ciphertext[..<total]), tag)
    }

    /// Verifies `tag` and decrypts `ciphertext`.
    ///
    /// - Throws: ``CryptographyError/authenticationFailed`` when anything was altered or the key or
    ///   associated data differ; no plaintext is released in that case.
    static func open(
        _ ciphertext: [UInt8],
        tag: [UInt8],
        key: [UInt8],
        nonce: [UInt8],
        associatedData: [UInt8]
    ) throws(CryptographyError) -> [UInt8] {
        try checkSizes(key: key, nonce: nonce, inputs: ciphertext, associatedData)
        guard tag.count == SealedBox.tagByteCount else { throw .malformedSealedBox("tag must be 16 bytes") }
        guard let context = EVP_CIPHER_CTX_new() else { throw .openSSLFailure(operation: "EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(context) }

        guard EVP_DecryptInit_ex(context, EVP_aes_256_gcm(), nil, key, nonce) == 1 else {
            throw .openSSLFailure(operation: "EVP_DecryptInit_ex")
        }
        var written: Int32 = 0
        if !associatedData.isEmpty {
            guard EVP_DecryptUpdate(context, nil, &written, associatedData, Int32(associatedData.count)) == 1 else {
                throw .openSSLFailure(operation: "EVP_DecryptUpdate")
            }
        }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var total = 0
        if !ciphertext.isEmpty {
            guard EVP_DecryptUpdate(context, &plaintext, &written, ciphertext, Int32(ciphertext.count)) == 1 else {
                throw .openSSLFailure(operation: "EVP_DecryptUpdate")
            }
            total = Int(written)
        }
        var expectedTag = tag
        guard EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_AEAD_SET_TAG, Int32(expectedTag.count), &expectedTag) == 1 else {
            throw .openSSLFailure(operation: "EVP_CTRL_AEAD_SET_TAG")
        }
        // Final checks the tag; on failure the decrypted bytes are wiped rather than returned.
        let verified = plaintext.withUnsafeMutableBufferPointer { buffer in
            EVP_DecryptFinal_ex(context, buffer.baseAddress! + total, &written) == 1
        }
        guard verified else {
            plaintext.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
            throw .authenticationFailed
        }
        total += Int(written)
        return Array(plaintext[..<total])
    }

    private static func checkSizes(key: [UInt8], nonce: [UInt8], inputs: [UInt8]...) throws(CryptographyError) {
        guard key.count == SealingKey.byteCount else {
            throw .invalidArgument("AES-256 keys are 32 bytes")
        }
        guard nonce.count == SealedBox.nonceByteCount else {
            throw .invalidArgument("AES-GCM nonces are 12 bytes")
        }
        // OpenSSL takes lengths as C int; 16 bytes of headroom for the output bound.
        guard inputs.allSatisfy({ $0.count <= Int(Int32.max) - 16 }) else { throw .inputTooLarge }
    }
}
