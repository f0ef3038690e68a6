extension TwilioStatusCallback {
    /// Verifies and parses a status callback request.
    ///
    /// - Parameters:
    ///   - body: the raw form-encoded body.
    ///   - url: the public URL Twilio requested, exactly as configured as `StatusCallback` (behind a proxy,
    ///     rebuild it from the public scheme and host, not the internal ones).
    ///   - signatureHeader: the `X-Twilio-Signature` value, nil if absent.
    ///   - authToken: the account's auth token.
    /// - Throws: ``WebhookError``: a missing header (401) is reported before the body is read, a mismatch
    ///   (403) before any field is, so an unsigned request learns nothing about the expected fields.
    package static func verified(
        body: [UInt8],
        url: String,
        signatureHeader: String?,
        authToken: String
    ) throws(WebhookError) -> TwilioStatusCallback {
        try TwilioStatusCallback(
            form: verifiedForm(body: body, url: url, signatureHeader: signatureHeader, authToken: authToken))
    }

    /// The verified form of any Twilio webhook (status callbacks and incoming messages share it).
    package static func verifiedForm(
        body: [UInt8],
        url: String,
        signatureHeader: String?,
        authToken: String
    ) throws(WebhookError) -> FormParameters {
        guard let signatureHeader, !signatureHeader.isEmpty else {
            throw .missingSignature(header: TwilioSignature.headerName)
        }
        // A body that is not form-encoded cannot be what Twilio signed.
        guard let form = try? FormParameters(urlEncoded: body) else { throw .invalidSignature }
        try TwilioSignature.verify(header: signatureHeader, url: url, parameters: form, authToken: authToken)
        return form
    }
}
