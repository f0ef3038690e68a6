import Cryptography
import Foundation

/// Twilio's `X-Twilio-Signature` (PROVIDERS.md §3.5): base64 of HMAC-SHA1 keyed by the account's auth
/// token over the full request URL followed by each POST field as `name` + `value`, names sorted.
package enum TwilioSignature {
    /// The request header that carries the signature.
    package static let headerName = "X-Twilio-Signature"

    /// The signature Twilio sends for a form-encoded request to `url` with `parameters`.
    ///
    /// Names are sorted by their UTF-8 bytes; a repeated name contributes each distinct value once, values
    /// sorted, as twilio-node does.
    package static func compute(url: String, parameters: FormParameters, authToken: String) -> String {
        var data = url
        var valuesByName = [String: Set<String>]()
        for field in parameters.fields {
            valuesByName[field.name, default: []].insert(field.value)
        }
        for name in valuesByName.keys.sorted(by: utf8Precedes) {
            for value in valuesByName[name, default: []].sorted(by: utf8Precedes) {
                data += name
                data += value
            }
        }
        return Data(HMACSHA1.authenticationCode(data, key: authToken)).base64EncodedString()
    }

    /// Whether `signature` matches the request, trying `url` with and without its scheme's default port
    /// (proxies and Twilio disagree on it). An empty auth token never verifies: it would mean the gateway
    /// is unconfigured, and anyone can compute an HMAC under an empty key.
    package static func isValid(
        _ signature: String,
        url: String,
        parameters: FormParameters,
        authToken: String
    ) -> Bool {
        guard !authToken.isEmpty, !signature.isEmpty else { return false }
        var matched = false
        // Every variant is checked, so the time taken does not reveal which one matched.
        for candidate in urlVariants(url) {
            let expected = compute(url: candidate, parameters: parameters, authToken: authToken)
            matched = ConstantTime.isEqual(expected, signature) || matched
        }
        return matched
    }

    /// Checks the header of a form-encoded request: throws ``WebhookError/missingSignature(header:)`` when it
    /// is absent or empty (401) and ``WebhookError/invalidSignature`` when it does not match (403).
    package static func verify(
        header: String?,
        url: String,
        parameters: FormParameters,
        authToken: String
    ) throws(WebhookError) {
        guard let header, !header.isEmpty else { throw .missingSignature(header: headerName) }
        guard isValid(header, url: url, parameters: parameters, authToken: authToken) else {
            throw .invalidSignature
        }
    }

    private static func utf8Precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
