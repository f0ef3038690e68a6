import Foundation
import Gateway

/// Signs a status callback the way Twilio does (PROVIDERS §3.5), using the gateway's own verifier's
/// algorithm (whose tests check it against Twilio's documented example).
enum TwilioCallbackSigner {
    static func signature(url: String, form: [(name: String, value: String)], authToken: String) throws -> String {
        let body = form.map { "\(percentEncode($0.name))=\(percentEncode($0.value))" }.joined(separator: "&")
        return TwilioSignature.compute(url: url, parameters: try FormParameters(urlEncoded: body), authToken: authToken)
    }

    private static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
