import Foundation

extension OutboundRequest {
    /// Sets `Authorization: Basic base64(username:password)` (Twilio: account SID and auth token).
    package mutating func setBasicAuth(username: String, password: String) {
        let credentials = Data("\(username):\(password)".utf8).base64EncodedString()
        headers.replaceOrAdd("Authorization", "Basic \(credentials)")
    }

    /// Sets `Authorization: Bearer <token>` (WhatsApp Cloud API and most JSON APIs).
    package mutating func setBearerToken(_ token: String) {
        headers.replaceOrAdd("Authorization", "Bearer \(token)")
    }
}
