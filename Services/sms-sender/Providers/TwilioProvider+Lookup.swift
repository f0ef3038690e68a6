import Foundation
import OutboundHTTP
import TwilioAPI

extension TwilioProvider {
    /// Lists the account's messages to this recipient (`GET .../Messages.json?To=…&PageSize=50`, newest
    /// first) and looks for one with the same body created since the earlier attempt.
    package func findSent(_ message: OutboundSMS, since: Date) async -> SMSLookupResult {
        var fields = [(name: "To", value: message.recipient.e164), (name: "PageSize", value: "50")]
        if case .number(let from) = message.origin ?? configuration.defaultOrigin {
            fields.append((name: "From", value: from))
        }
        var request = OutboundRequest(
            method: .get,
            url: "\(configuration.baseURL)/2010-04-01/Accounts/\(configuration.accountSID)/Messages.json?"
                + FormURLEncoding.encode(fields),
            totalTimeout: configuration.timeout)
        request.provider = "twilio"
        request.headers.replaceOrAdd("Accept", "application/json")
        request.setBasicAuth(
            username: configuration.apiKeySID ?? configuration.accountSID, password: configuration.authToken)
        let page: TwilioMessagePage
        do {
            let response = try await client.send(request)
            guard response.isSuccess else { return .failed(reason: "Twilio answered HTTP \(response.statusCode)") }
            page = try response.decodeJSON(TwilioMessagePage.self)
        } catch {
            return .failed(reason: error.description)
        }
        return page.sent(to: message.recipient.e164, body: message.text, since: since).map {
            .found(providerMessageID: $0.sid)
        } ?? .notFound
    }
}
