import Foundation

/// When a hunt may send: some days of the week (1 Monday … 7 Sunday), between two times of day, in a time zone,
/// never on French public holidays when sending to French numbers. ``schedule(_:from:)`` places a day's sends
/// inside it: spread over what is left of the current window, or over the next window when it is closed, never
/// bursting at its opening.
package struct OutreachWindow: Sendable, Hashable {
    package var days: Set<Int>
    /// Minutes after midnight; `from` < `to`.
    package var from: Int
    package var to: Int
    package var timeZone: TimeZone
    package var skipsFrenchHolidays: Bool

    package init(days: Set<Int>, from: Int, to: Int, timeZone: TimeZone, skipsFrenchHolidays: Bool) {
        self.days = days
        self.from = from
        self.to = to
        self.timeZone = timeZone
        self.skipsFrenchHolidays = skipsFrenchHolidays
    }

    /// Any time, any day.
    package static func always(_ timeZone: TimeZone) -> OutreachWindow {
        OutreachWindow(days: Set(1...7), from: 0, to: 1440, timeZone: timeZone, skipsFrenchHolidays: false)
    }

    /// The first open period that ends after `instant`: `start` is `instant` itself when the window is open then.
    /// Nil when no day in the next 30 is open (no allowed days at all).
    package func period(from instant: Date) -> (start: Date, end: Date)? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.startOfDay(for: instant)
        for offset in 0..<30 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: today) else { continue }
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            // Calendar weekdays are 1 Sunday … 7 Saturday; ours are 1 Monday … 7 Sunday.
            let weekday = ((parts.weekday ?? 1) + 5) % 7 + 1
            guard days.contains(weekday) else { continue }
            if skipsFrenchHolidays,
                FrenchPublicHolidays.contains(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0)
            {
                continue
            }
            guard let opens = calendar.date(byAdding: .minute, value: from, to: day),
                let closes = calendar.date(byAdding: .minute, value: to, to: day), closes > instant
            else { continue }
            return (max(opens, instant), closes)
        }
        return nil
    }

    /// When each of `count` sends goes, from `now`: evenly over the first open period (the first at its start),
    /// at most `maxSpacing` apart (a handful of sends does not drag over a whole day); nil for a send that may go
    /// right away. Empty when the window never opens.
    package func schedule(_ count: Int, from now: Date, maxSpacing: TimeInterval = 300) -> [Date?] {
        guard count > 0, let (start, end) = period(from: now) else { return [] }
        let spacing = min(maxSpacing, end.timeIntervalSince(start) / Double(count))
        return (0..<count).map { index in
            let at = start.addingTimeInterval(spacing * Double(index))
            return at <= now ? nil : at
        }
    }
}
