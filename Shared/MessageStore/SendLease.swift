import Foundation

/// What a delivery learns when it asks for a message's send lease.
package enum SendLeaseAnswer: Sendable, Hashable {
    /// The lease is this delivery's. `previousAttemptAt` is set when an earlier attempt may have reached the
    /// provider without its outcome being recorded (it died, timed out, or its lease ran out): ask the provider
    /// before sending again.
    case acquired(previousAttemptAt: Date?)
    /// Another delivery holds a live lease for this long: it may be calling the provider right now.
    case heldElsewhere(remaining: Duration)
    /// The message is past sending (another delivery recorded its outcome).
    case pastSending(MessageStatus)
}
