/// The token bucket each provider account sends through: `burst` messages at once, refilled at
/// `perSecond`.
package struct SMSRateLimit: Sendable, Hashable {
    package var burst: Int
    package var perSecond: Double

    /// Defaults to 10 at once and 10 per second (Twilio's default for a long code is 1 per second per
    /// number; a Messaging Service pools several).
    package init(burst: Int = 10, perSecond: Double = 10) {
        self.burst = max(1, burst)
        self.perSecond = perSecond > 0 ? perSecond : 1
    }
}
