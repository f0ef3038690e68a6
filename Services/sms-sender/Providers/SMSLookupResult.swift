import Foundation

/// Whether a provider already has a message: asked before re-sending one whose earlier attempt may have
/// reached the provider without its answer being recorded (a crash or a timeout in between).
package enum SMSLookupResult: Sendable, Hashable {
    /// The provider has it, under this id: record it as sent, do not send again.
    case found(providerMessageID: String)
    /// The provider has no such message since the earlier attempt: sending is safe.
    case notFound
    /// This provider offers no way to ask: sending again may duplicate the message.
    case unsupported
    /// The question could not be answered now (network, 5xx): ask again later.
    case failed(reason: String)
}

extension SMSProvider {
    /// Providers without a lookup cannot tell.
    package func findSent(_ message: OutboundSMS, since: Date) async -> SMSLookupResult { .unsupported }
}
