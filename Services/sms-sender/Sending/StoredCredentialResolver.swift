import Domain
import MessageStore
import OutboundHTTP

/// Resolves a message's provider from its `provider` column and the account's sealed credentials:
/// `sandbox` needs none (and is refused unless `sandboxAllowed`), `twilio` and `smsmobileapi` open the
/// account's `sms` credential for that provider.
package struct StoredCredentialResolver: SMSProviderResolver {
    let credentials: ChannelCredentialStore
    let client: OutboundHTTPClient
    let endpoints: SMSProviderEndpoints
    let defaultProvider: String?
    let sandboxAllowed: Bool
    let publicURL: String?

    /// `defaultProvider` applies to messages stored without a provider (`nil`: such messages fail).
    /// `publicURL` is the gateway's public base URL: Twilio messages ask for status callbacks at
    /// `<publicURL>/webhooks/twilio/<accountId>` unless the credential names its own callback URL.
    package init(
        credentials: ChannelCredentialStore, client: OutboundHTTPClient,
        endpoints: SMSProviderEndpoints = SMSProviderEndpoints(), defaultProvider: String? = nil,
        sandboxAllowed: Bool = true, publicURL: String? = nil
    ) {
        self.credentials = credentials
        self.client = client
        self.endpoints = endpoints
        self.defaultProvider = defaultProvider
        self.sandboxAllowed = sandboxAllowed
        self.publicURL = publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    package func resolve(for message: StoredMessage) async throws -> ResolvedSMSProvider {
        let account = message.accountID.uuidString.lowercased()
        switch message.provider ?? defaultProvider {
        case "sandbox":
            guard sandboxAllowed else { throw SMSSenderError.sandboxDisabled }
            return ResolvedSMSProvider(provider: SandboxSMSProvider(), account: account)
        case "twilio":
            let secret = try await secret(for: message, provider: "twilio")
            guard let twilio = SMSCredentials.decode(SMSCredentials.Twilio.self, from: secret),
                let origin = twilio.origin
            else { throw SMSSenderError.invalidCredential(provider: "twilio") }
            let configuration = TwilioConfiguration(
                accountSID: twilio.accountSid, authToken: twilio.authToken, apiKeySID: twilio.apiKeySid,
                defaultOrigin: origin,
                statusCallbackURL: twilio.statusCallbackUrl ?? publicURL.map { "\($0)/webhooks/twilio/\(account)" },
                baseURL: endpoints.twilio,
                timeout: endpoints.timeout)
            // Twilio's limits apply per Twilio account, which several of ours could share.
            return ResolvedSMSProvider(
                provider: TwilioProvider(configuration: configuration, client: client), account: twilio.accountSid)
        case "smsmobileapi":
            let secret = try await secret(for: message, provider: "smsmobileapi")
            guard let smsMobileAPI = SMSCredentials.decode(SMSCredentials.SMSMobileAPI.self, from: secret) else {
                throw SMSSenderError.invalidCredential(provider: "smsmobileapi")
            }
            let configuration = SMSMobileAPIConfiguration(
                apiKey: smsMobileAPI.apiKey, baseURL: endpoints.smsMobileAPI, timeout: endpoints.timeout)
            // The API key is a secret, so the bucket is named after our account.
            return ResolvedSMSProvider(
                provider: SMSMobileAPIProvider(configuration: configuration, client: client), account: account,
                origin: smsMobileAPI.deviceId.map { .device(id: $0) })
        case let other:
            throw SMSSenderError.unknownProvider(other)
        }
    }

    private func secret(for message: StoredMessage, provider: String) async throws -> [UInt8] {
        do {
            return try await credentials.open(accountID: message.accountID, channel: .sms, provider: provider).secret
        } catch .credentialNotFound {
            throw SMSSenderError.credentialMissing(provider: provider)
        }
    }
}
