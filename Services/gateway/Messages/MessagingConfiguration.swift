import Domain
import ServiceRuntime

/// How the gateway accepts messages: see ``GatewayConfiguration`` for the environment keys.
package struct MessagingConfiguration: Sendable {
    /// Region of recipients written without a country code.
    package var defaultRegion: PhoneRegion
    /// Longest SMS accepted, in segments.
    package var maxSMSSegments: Int
    /// Attempts of an SMS job before its message fails.
    package var maxSMSAttempts: Int
    /// Whether accounts without SMS credentials send through the sandbox provider.
    package var smsSandbox: Bool

    package init(
        defaultRegion: PhoneRegion = .fr, maxSMSSegments: Int = 10, maxSMSAttempts: Int = 5, smsSandbox: Bool = false
    ) {
        self.defaultRegion = defaultRegion
        self.maxSMSSegments = maxSMSSegments
        self.maxSMSAttempts = maxSMSAttempts
        self.smsSandbox = smsSandbox
    }

    package init(reader: EnvironmentConfiguration) {
        let codes = PhoneRegion.all.map(\.isoCode)
        let region = reader.string(
            "AP_DEFAULT_REGION", default: "FR", expected: "one of \(codes.joined(separator: ", "))",
            isValid: { PhoneRegion(isoCode: $0) != nil })
        self.init(
            defaultRegion: PhoneRegion(isoCode: region) ?? .fr,
            maxSMSSegments: reader.int("AP_SMS_MAX_SEGMENTS", default: 10, range: 1...50),
            maxSMSAttempts: reader.int("AP_SMS_MAX_ATTEMPTS", default: 5, range: 1...20),
            smsSandbox: reader.bool("AP_SMS_SANDBOX", default: false))
    }
}
