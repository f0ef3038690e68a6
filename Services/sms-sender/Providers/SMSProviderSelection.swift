import Domain
import OutboundHTTP

/// Which SMS provider a process sends through, from the provider mode and the credentials configured.
///
/// The sandbox is never picked implicitly when real credentials are configured: with no mode set, any
/// credentials mean a real provider. An explicit `sandbox` mode always gets the sandbox; `live` needs
/// credentials. SMSMobileAPI comes first when both providers are configured (it sends from the
/// customer's own phone, which is the product's default channel).
package enum SMSProviderSelection: Sendable {
    case sandbox
    case smsMobileAPI(SMSMobileAPIConfiguration)
    case twilio(TwilioConfiguration)

    /// The provider for `mode` (`nil` when the operator did not set one), or `nil` when `live` is asked
    /// for without any credentials (a start-up error for the caller to report).
    package static func select(
        mode: ProviderMode?, smsMobileAPI: SMSMobileAPIConfiguration?, twilio: TwilioConfiguration?
    ) -> SMSProviderSelection? {
        if mode == .sandbox { return .sandbox }
        if let smsMobileAPI { return .smsMobileAPI(smsMobileAPI) }
        if let twilio { return .twilio(twilio) }
        return mode == .live ? nil : .sandbox
    }

    /// The provider's ``SMSProvider/name``, for start-up logs.
    package var name: String {
        switch self {
        case .sandbox: "sandbox"
        case .smsMobileAPI: "smsmobileapi"
        case .twilio: "twilio"
        }
    }

    /// Builds the selected provider; real ones send through `client`.
    package func makeProvider(client: OutboundHTTPClient) -> any SMSProvider {
        switch self {
        case .sandbox: SandboxSMSProvider()
        case .smsMobileAPI(let configuration): SMSMobileAPIProvider(configuration: configuration, client: client)
        case .twilio(let configuration): TwilioProvider(configuration: configuration, client: client)
        }
    }
}
