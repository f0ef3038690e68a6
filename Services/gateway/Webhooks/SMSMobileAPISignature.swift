import Cryptography

/// SMSMobileAPI's Webhook V2 signature (PROVIDERS.md §1.4): `X-SMSMobileAPI-Signature: v1=<hex>` where
/// hex is HMAC-SHA256 keyed by the webhook secret over `<X-SMSMobileAPI-Timestamp>` + `"."` + the raw
/// body, and the timestamp must be within 300 s of now (the official examples' replay window).
package enum SMSMobileAPISignature {
    /// The request header that carries the signature.
    package static let signatureHeaderName = "X-SMSMobileAPI-Signature"
    /// The request header that carries the signed unix timestamp, in seconds.
    package static let timestampHeaderName = "X-SMSMobileAPI-Timestamp"
    /// The largest accepted distance between the signed timestamp and now, in seconds.
    package static let defaultTolerance: Int64 = 300

    private static let versionPrefix = "v1="

    /// The header value SMSMobileAPI sends for `body` signed at `timestamp` (the header text, verbatim).
    package static func compute(timestamp: String, body: [UInt8], secret: String) throws(WebhookError) -> String {
        versionPrefix + Hex.encode(try code(timestamp: timestamp, body: body, secret: secret))
    }

    /// Checks a webhook's headers against its raw body.
    ///
    /// - Parameters:
    ///   - signatureHeader: the `X-SMSMobileAPI-Signature` value, nil if absent.
    ///   - timestampHeader: the `X-SMSMobileAPI-Timestamp` value, nil if absent.
    ///   - now: the current unix time in seconds (passed in so that this stays free of clocks).
    /// - Throws: ``WebhookError/missingSignature(header:)`` (401) when either header is absent or empty;
    ///   ``WebhookError/invalidSignature`` (403) for an unknown version, bad hex, a mismatch or an empty
    ///   secret; ``WebhookError/staleTimestamp`` (403) for a non-numeric timestamp or one outside `tolerance`.
    package static func verify(
        signatureHeader: String?,
        timestampHeader: String?,
        body: [UInt8],
        secret: String,
        now: Int64,
        tolerance: Int64 = defaultTolerance
    ) throws(WebhookError) {
        guard let signatureHeader, !signatureHeader.isEmpty else {
            throw .missingSignature(header: signatureHeaderName)
        }
        guard let timestampHeader, !timestampHeader.isEmpty else {
            throw .missingSignature(header: timestampHeaderName)
        }
        guard !secret.isEmpty, signatureHeader.hasPrefix(versionPrefix),
            let received = Hex.decode(String(signatureHeader.dropFirst(versionPrefix.count)))
        else { throw .invalidSignature }
        // The signature is checked before the timestamp so that a forger learns nothing from which check failed.
        let expected = try code(timestamp: timestampHeader, body: body, secret: secret)
        guard ConstantTime.isEqual(expected, received) else { throw .invalidSignature }
        guard let timestamp = Int64(timestampHeader), abs(now - timestamp) <= tolerance else {
            throw .staleTimestamp
        }
    }

    private static func code(timestamp: String, body: [UInt8], secret: String) throws(WebhookError) -> [UInt8] {
        do {
            return try HMAC.sha256(Array(timestamp.utf8) + [UInt8(ascii: ".")] + body, key: Array(secret.utf8))
        } catch {
            throw .signingFailed
        }
    }
}
