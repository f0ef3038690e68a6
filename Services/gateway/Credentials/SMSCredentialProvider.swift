/// The SMS providers an account can store credentials for: the `{provider}` of
/// `/api/channels/sms/credentials/{provider}` and the `provider` of their `channel_credentials` row.
enum SMSCredentialProvider: String, Sendable, CaseIterable {
    case smsMobileAPI = "smsmobileapi"
    case twilio
}
