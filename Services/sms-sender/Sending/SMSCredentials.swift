import Foundation

/// The JSON sealed in `channel_credentials` for an SMS provider (what the account's owner configured).
///
/// - Twilio: `{"accountSid", "authToken", "from"}` as the gateway stores it, `from` being an E.164 number,
///   an alphanumeric sender or a Messaging Service SID (`MG…`); `apiKeySid`, `messagingServiceSid` and
///   `statusCallbackUrl` are read when present.
/// - SMSMobileAPI: `{"apiKey", "deviceId"?}`.
enum SMSCredentials {
    struct Twilio: Decodable {
        var accountSid: String
        var authToken: String
        var apiKeySid: String?
        var from: String?
        var messagingServiceSid: String?
        var statusCallbackUrl: String?

        /// The configured sender, a Messaging Service first (Twilio picks from its pool).
        var origin: SMSOrigin? {
            if let messagingServiceSid, !messagingServiceSid.isEmpty {
                return .messagingService(sid: messagingServiceSid)
            }
            guard let from, !from.isEmpty else { return nil }
            // The gateway stores a Messaging Service in `from`: `MG` and 32 hexadecimal digits.
            let isService = from.utf8.count == 34 && from.hasPrefix("MG") && from.dropFirst(2).allSatisfy(\.isHexDigit)
            return isService ? .messagingService(sid: from) : .number(from)
        }
    }

    struct SMSMobileAPI: Decodable {
        var apiKey: String
        var deviceId: String?
    }

    static func decode<T: Decodable>(_ type: T.Type, from secret: [UInt8]) -> T? {
        try? JSONDecoder().decode(T.self, from: Data(secret))
    }
}
