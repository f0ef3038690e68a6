/// Why a message cannot be sent as stored. The text names providers only, never credentials, numbers or
/// bodies; ``code`` is what the message row keeps as its error code.
package enum SMSSenderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message names a provider this sender does not know (and no default applies).
    case unknownProvider(String?)
    /// The account has no credentials stored for the provider.
    case credentialMissing(provider: String)
    /// The stored credentials are not the JSON the provider needs.
    case invalidCredential(provider: String)
    /// The message was given the sandbox provider but this sender runs in `live` mode.
    case sandboxDisabled

    /// Stored as the message's `provider_error_code`.
    package var code: String {
        switch self {
        case .unknownProvider: "unknown_provider"
        case .credentialMissing: "credential_missing"
        case .invalidCredential: "invalid_credential"
        case .sandboxDisabled: "sandbox_disabled"
        }
    }

    package var description: String {
        switch self {
        case .unknownProvider(let name): "no SMS provider named \(name ?? "(none)")"
        case .credentialMissing(let provider): "the account has no \(provider) SMS credentials"
        case .invalidCredential(let provider): "the account's \(provider) SMS credentials are unreadable"
        case .sandboxDisabled: "the sandbox SMS provider is disabled on this sender (AP_PROVIDER_MODE=live)"
        }
    }
}
