import Foundation

/// Something that hands one SMS to a provider (or pretends to, for the sandbox).
///
/// `send` never throws: every outcome, network failures included, is an ``SMSSendResult`` saying whether
/// the same message may be tried again.
package protocol SMSProvider: Sendable {
    /// Short stable name for logs and stored messages (`smsmobileapi`, `twilio`, `sandbox`).
    var name: String { get }

    /// Submits `message` once; retrying is the caller's decision, guided by the result.
    func send(_ message: OutboundSMS) async -> SMSSendResult

    /// Whether the provider took `message` at or after `since` (see ``SMSLookupResult``).
    func findSent(_ message: OutboundSMS, since: Date) async -> SMSLookupResult
}
