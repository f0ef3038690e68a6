import OutboundHTTP

/// Sends SMS through SMSMobileAPI, which queues them for the customer's own phone (PROVIDERS §1.2).
///
/// One `POST /sendsms/` per message, form-encoded: `apikey`, `recipients` (one E.164 number), `message`,
/// `sendsms=1`, and `sIdentifiant` when the message names a device. Acceptance only means the phone was
/// asked to send; SMSMobileAPI reports no segment count.
package struct SMSMobileAPIProvider: SMSProvider {
    package let name = "smsmobileapi"
    private let configuration: SMSMobileAPIConfiguration
    private let client: OutboundHTTPClient

    package init(configuration: SMSMobileAPIConfiguration, client: OutboundHTTPClient) {
        self.configuration = configuration
        self.client = client
    }

    package func send(_ message: OutboundSMS) async -> SMSSendResult {
        let response: OutboundResponse
        do {
            response = try await client.send(request(for: message))
        } catch {
            return SMSSendResult(transportError: error)
        }
        return SMSMobileAPIResponse.result(of: response)
    }

    /// The exact request of PROVIDERS §1.2, without the optional fields we do not use.
    func request(for message: OutboundSMS) -> OutboundRequest {
        var request = OutboundRequest(
            method: .post, url: configuration.baseURL + "/sendsms/", totalTimeout: configuration.timeout)
        request.provider = "smsmobileapi"
        request.headers.replaceOrAdd("Accept", "application/json")
        var fields: [(name: String, value: String)] = [
            ("apikey", configuration.apiKey),
            ("recipients", message.recipient.e164),
            ("message", message.text),
            ("sendsms", "1"),
        ]
        if case .device(let id) = message.origin {
            fields.append(("sIdentifiant", id))
        }
        request.setFormBody(fields)
        return request
    }
}
