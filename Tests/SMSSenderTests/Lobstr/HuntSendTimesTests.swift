import Domain
import Foundation
import HuntStore
import Testing

@testable import HuntOrchestrator

/// A hunt's window is the recipient's local time: French numbers wait for Paris' opening and skip French
/// holidays, a Réunion number goes by Réunion's clock, a number of unknown zone keeps the hunt's zone.
@Suite struct HuntSendTimesTests {
    private let weekdays = SendingWindow(days: [1, 2, 3, 4, 5], from: "09:00", to: "19:00", timeZone: "Europe/Paris")

    private func date(_ text: String) throws -> Date {
        try #require(try? Date(text, strategy: .iso8601))
    }

    @Test func eachRecipientWaitsForTheWindowInTheirOwnTimeZone() throws {
        // Wednesday 2 December 2026, 07:00 UTC: 08:00 in Paris (closed), 11:00 in Réunion (open).
        let now = try date("2026-12-02T07:00:00Z")
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let times = HuntRunner.sendTimes(
            to: ["+33612345678", "+262692123456", "+15551234567"], window: weekdays, from: now, defaultZone: paris)
        #expect(times.count == 3)
        #expect(times[0] == .some(try date("2026-12-02T08:00:00Z")), "09:00 in Paris")
        #expect(times[1] == .some(nil), "already open in Réunion: at once")
        // The unknown one keeps the hunt's zone, Paris: spread after the French one, 5 minutes later.
        #expect(times[2] == .some(try date("2026-12-02T08:05:00Z")), "the hunt's zone for an unknown one")
    }

    @Test func frenchNumbersSkipFrenchHolidaysAndNoWindowMeansAtOnce() throws {
        // Friday 25 December 2026 (Christmas), 10:00 in Paris: the next French opening is Monday 28, 09:00.
        let now = try date("2026-12-25T09:00:00Z")
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let times = HuntRunner.sendTimes(to: ["+33612345678"], window: weekdays, from: now, defaultZone: paris)
        #expect(times == [.some(try date("2026-12-28T08:00:00Z"))])
        #expect(
            HuntRunner.sendTimes(to: ["+33612345678"], window: nil, from: now, defaultZone: paris) == [.some(nil)])
        let never = SendingWindow(days: [], from: "09:00", to: "19:00", timeZone: "Europe/Paris")
        #expect(HuntRunner.sendTimes(to: ["+33612345678"], window: never, from: now, defaultZone: paris) == [nil])
        #expect(RecipientTimeZone.zone(of: "+262692123456")?.identifier == "Indian/Reunion")
        #expect(RecipientTimeZone.zone(of: "+4917612345678") == nil)
    }
}
