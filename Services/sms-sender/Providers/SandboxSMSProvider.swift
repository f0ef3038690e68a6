import Domain
import Foundation

/// Accepts every message locally, without any network, and returns a made-up id (`sandbox-<uuid>`).
///
/// For local runs and demos only: nothing reaches a phone. The segment count is computed as a real
/// provider would bill it, so that local runs show realistic costs.
package struct SandboxSMSProvider: SMSProvider {
    package let name = "sandbox"

    package init() {}

    package func send(_ message: OutboundSMS) async -> SMSSendResult {
        .accepted(
            providerMessageID: "sandbox-\(UUID().uuidString.lowercased())",
            segments: SMSSegments(text: message.text).count)
    }

    /// The sandbox keeps nothing: an interrupted sandbox send is simply sent again.
    package func findSent(_ message: OutboundSMS, since: Date) async -> SMSLookupResult { .notFound }
}
