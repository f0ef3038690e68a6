import Foundation

/// An account's outreach limits across all its hunts, each counted per local day in Postgres: contacts a day
/// (every hunt and channel together), and messages a day per sender — per WhatsApp session (a new number ramps
/// up: `start` on the day it was created, `perDay` more each day after, up to `whatsappPerSession`), per SMS
/// sender (the provider route) and per Voice Partner key. Absent: no such limit.
///
/// ```json
/// {"dailyLimit": 300, "whatsappPerSession": 80, "whatsappRampUp": {"start": 10, "perDay": 10},
///  "smsPerSender": 500, "voicePerSender": 200}
/// ```
package struct OutreachLimits: Codable, Sendable, Hashable {
    package struct RampUp: Codable, Sendable, Hashable {
        package var start: Int
        package var perDay: Int

        package init(start: Int, perDay: Int) {
            self.start = start
            self.perDay = perDay
        }
    }

    package var dailyLimit: Int?
    package var whatsappPerSession: Int?
    package var whatsappRampUp: RampUp?
    package var smsPerSender: Int?
    package var voicePerSender: Int?

    package init() {}

    /// A WhatsApp session's cap on the `day`th day of its life (0: the day it was created); nil: none.
    package func whatsappCap(ageInDays day: Int) -> Int? {
        let ramp = whatsappRampUp.map { $0.start + $0.perDay * max(0, day) }
        switch (ramp, whatsappPerSession) {
        case (let ramp?, let cap?): return min(ramp, cap)
        case (let ramp?, nil): return ramp
        case (nil, let cap): return cap
        }
    }
}
