import Foundation

/// What Voice Partner answered a send (`campaign/send`, `tts/send`): `{"success": true, "campaignId", "cost",
/// "nbSms", …}`, or `{"success": false, "code", "message"}` in a 200 or a 4xx, or a 429 (PROVIDERS.md §2.7).
/// The provider's French `message` is never kept: only its code, with a fixed explanation, reaches errors
/// and logs.
package enum VoicePartnerAnswer: Sendable, Equatable {
    /// The campaign was taken; `billed` is `nbSms`, the drops charged.
    case accepted(campaignID: String, billed: Int?, cost: Double?)
    case refused(VoicePartnerRefusal)

    package init(status: Int, body: [UInt8]) {
        let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        if status == 429 {
            self = .refused(VoicePartnerRefusal(code: 429, httpStatus: status))
            return
        }
        if (200..<300).contains(status), object?["success"] as? Bool == true,
            let campaignID = object?["campaignId"] as? String, !campaignID.isEmpty
        {
            self = .accepted(
                campaignID: campaignID, billed: (object?["nbSms"] as? NSNumber)?.intValue,
                cost: (object?["cost"] as? NSNumber)?.doubleValue)
            return
        }
        let code = (object?["code"] as? NSNumber)?.intValue ?? (object?["code"] as? String).flatMap(Int.init)
        self = .refused(VoicePartnerRefusal(code: code, httpStatus: status))
    }
}

/// A refused send: Voice Partner's code (nil when the body had none) and what to do about it.
package struct VoicePartnerRefusal: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        /// Retrying cannot help: the number list, the key or the account is wrong.
        case permanent
        /// Try again later (5xx, queueing trouble, an unreadable answer).
        case transient
        /// Too many requests: wait for the limit's window.
        case rateLimited
    }

    package var code: Int?
    package var httpStatus: Int

    package init(code: Int?, httpStatus: Int) {
        self.code = code
        self.httpStatus = httpStatus
    }

    package var kind: Kind {
        if httpStatus == 429 || code == 429 { return .rateLimited }
        switch code {
        case 1, 2, 10, 11, 20, 30, 40, 50, 55, 90, 96: return .permanent
        default: return httpStatus >= 500 || code == 500 || code == nil ? .transient : .permanent
        }
    }

    /// A fixed text for the code (the platform-wide list, PROVIDERS.md §2.7); never the provider's own words.
    package var explanation: String {
        switch code {
        case 1: "API key required"
        case 2: "phone numbers required"
        case 10: "invalid API key"
        case 11: "insufficient Voice Partner credit"
        case 20: "account disabled"
        case 30: "account blocked"
        case 40: "API access refused"
        case 50: "more than 500 numbers in one request"
        case 55: "no number to send to"
        case 90: "malformed request"
        case 96: "IP address not allowed"
        case 429: "rate limited"
        case 500: "Voice Partner could not queue the campaign"
        case .some(let other): "Voice Partner error \(other)"
        case nil: "Voice Partner answered HTTP \(httpStatus) without an error code"
        }
    }
}
