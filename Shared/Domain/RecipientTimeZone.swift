import Foundation

/// The time zone a number's owner most likely lives in, from its country calling code, for sending windows that
/// are meant in the recipient's local time. Only the codes our customers reach (France and its overseas
/// departments and territories, the French-speaking neighbours); nil for the others, which keep the hunt's zone.
package enum RecipientTimeZone {
    /// Longest code first, so `+262` is not read as `+26`.
    private static let zones: [(code: String, zone: String)] = [
        ("+262", "Indian/Reunion"), ("+269", "Indian/Mayotte"), ("+377", "Europe/Monaco"),
        ("+352", "Europe/Luxembourg"), ("+508", "America/Miquelon"), ("+590", "America/Guadeloupe"),
        ("+594", "America/Cayenne"), ("+596", "America/Martinique"), ("+687", "Pacific/Noumea"),
        ("+689", "Pacific/Tahiti"), ("+33", "Europe/Paris"), ("+32", "Europe/Brussels"), ("+41", "Europe/Zurich"),
    ]

    /// The zone of an E.164 number (`+33612345678` → Europe/Paris); nil when its code is not one of ours.
    package static func zone(of e164: String) -> TimeZone? {
        zones.first { e164.hasPrefix($0.code) }.flatMap { TimeZone(identifier: $0.zone) }
    }
}
