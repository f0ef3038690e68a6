/// A way of reaching a contact. Hunts rank channels by priority; each has its own queue and credits.
package enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
    case whatsapp
    case sms
    case voice
}
