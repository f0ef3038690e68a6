import OutboundHTTP

/// Sends SMS through Twilio Programmable Messaging (PROVIDERS §3.1).
///
/// One `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` per message with HTTP Basic auth and a
/// form body: `To`, `From` or `MessagingServiceSid`, `Body`, and `StatusCallback` when configured.
package struct TwilioProvider: SMSProvider {
    package let name = "twilio"
    let configuration: TwilioConfiguration
    let client: OutboundHTTPClient

    package init(configuration: TwilioConfiguration, client: OutboundHTTPClient) {
        self.configuration = configuration
        self.client = client
    }

    package func send(_ message: OutboundSMS) async -> SMSSendResult {
        guard let request = request(for: message) else {
            return .permanentFailure(code: "unsupported_origin", reason: "Twilio cannot send from a device id")
        }
        let response: OutboundResponse
        do {
            response = try await client.send(request)
        } catch {
            return SMSSendResult(transportError: error)
        }
        return TwilioResponse.result(of: response)
    }

    /// The exact request of PROVIDERS §3.1, or `nil` when the message names a sender Twilio cannot use.
    func request(for message: OutboundSMS) -> OutboundRequest? {
        let sender: (name: String, value: String)
        switch message.origin ?? configuration.defaultOrigin {
        case .number(let from): sender = ("From", from)
        case .messagingService(let sid): sender = ("MessagingServiceSid", sid)
        case .device: return nil
        }
        var request = OutboundRequest(
            method: .post,
            url: "\(configuration.baseURL)/2010-04-01/Accounts/\(configuration.accountSID)/Messages.json",
            totalTimeout: configuration.timeout)
        request.provider = "twilio"
        request.headers.replaceOrAdd("Accept", "application/json")
        request.setBasicAuth(
            username: configuration.apiKeySID ?? configuration.accountSID, password: configuration.authToken)
        var fields: [(name: String, value: String)] = [("To", message.recipient.e164), sender, ("Body", message.text)]
        if let callback = configuration.statusCallbackURL {
            fields.append(("StatusCallback", callback))
        }
        request.setFormBody(fields)
        return request
    }
}
