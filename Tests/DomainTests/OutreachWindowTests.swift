import Domain
import Foundation
import Testing

@Suite struct OutreachWindowTests {
    private let paris = TimeZone(identifier: "Europe/Paris")!

    private func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    private var weekdays: OutreachWindow {
        OutreachWindow(days: [1, 2, 3, 4, 5], from: 9 * 60, to: 19 * 60, timeZone: paris, skipsFrenchHolidays: true)
    }

    @Test func frenchHolidaysIncludeTheOnesThatFollowEaster() {
        #expect(FrenchPublicHolidays.easterSunday(2026) == (4, 5))
        #expect(FrenchPublicHolidays.contains(year: 2026, month: 4, day: 6))  // Easter Monday
        #expect(FrenchPublicHolidays.contains(year: 2026, month: 5, day: 14))  // Ascension
        #expect(FrenchPublicHolidays.contains(year: 2026, month: 5, day: 25))  // Whit Monday
        #expect(FrenchPublicHolidays.contains(year: 2026, month: 7, day: 14))
        #expect(!FrenchPublicHolidays.contains(year: 2026, month: 5, day: 15))
    }

    @Test func sendsInsideTheWindowAreSpreadOverWhatIsLeftOfIt() {
        // Thursday 3 December 2026, 17:00 in Paris: two hours left, four sends half an hour apart.
        let now = date("2026-12-03T16:00:00Z")
        let times = weekdays.schedule(4, from: now, maxSpacing: 3600)
        #expect(
            times == [nil, date("2026-12-03T16:30:00Z"), date("2026-12-03T17:00:00Z"), date("2026-12-03T17:30:00Z")])
    }

    @Test func aClosedWindowSchedulesTheNextOpenDaySkippingWeekendsAndHolidays() {
        // Friday 3 April 2026, 20:00 in Paris: the weekend, then Easter Monday, so Tuesday 7 April 09:00–19:00.
        let now = date("2026-04-03T18:00:00Z")
        let times = weekdays.schedule(2, from: now, maxSpacing: 86_400)
        #expect(times == [date("2026-04-07T07:00:00Z"), date("2026-04-07T12:00:00Z")])
        // At most five minutes apart by default.
        #expect(weekdays.schedule(2, from: now) == [date("2026-04-07T07:00:00Z"), date("2026-04-07T07:05:00Z")])
        let never = OutreachWindow(days: [], from: 0, to: 60, timeZone: paris, skipsFrenchHolidays: false)
        #expect(never.schedule(3, from: now).isEmpty)
    }
}
