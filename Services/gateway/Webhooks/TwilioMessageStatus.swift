/// A Twilio message status (PROVIDERS.md §3.1, the full enum of twilio-node's `MessageStatus`).
package enum TwilioMessageStatus: String, Sendable, Equatable, CaseIterable {
    case queued
    case sending
    case sent
    case failed
    case delivered
    case undelivered
    case receiving
    case received
    case accepted
    case scheduled
    /// WhatsApp read receipt; arrives after `delivered`.
    case read
    case partiallyDelivered = "partially_delivered"
    case canceled

    /// Whether this status settles an outbound message: Twilio sends nothing later except `read`.
    package var isFinal: Bool {
        switch self {
        case .delivered, .undelivered, .failed, .read, .partiallyDelivered, .canceled: true
        case .queued, .sending, .sent, .receiving, .received, .accepted, .scheduled: false
        }
    }

    /// How far along an outbound message is, for ignoring callbacks that arrive out of order (a late
    /// `sent` must not overwrite `delivered`): apply a status only if its progress is higher than the
    /// stored one. Inbound statuses (`receiving`, `received`) rank lowest; they never describe a send.
    package var progress: Int {
        switch self {
        case .receiving, .received: 0
        case .accepted, .scheduled: 1
        case .queued: 2
        case .sending: 3
        case .sent: 4
        case .delivered, .undelivered, .failed, .partiallyDelivered, .canceled: 5
        case .read: 6
        }
    }
}
