import Foundation
import Testing

@testable import Postgres

@Suite("PostgresTimestamp")
struct PostgresTimestampTests {
    @Test("formats ISO-8601 in UTC with microseconds")
    func formats() {
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(
            PostgresTimestamp.format(Date(timeIntervalSince1970: 1_714_567_896.654321)) == "2024-05-01T12:51:36.654321Z"
        )
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500000Z")
        #expect(
            PostgresTimestamp.format(Date(timeIntervalSince1970: -63_517_780_800)) == "0044-03-15 12:00:00.000000+00 BC"
        )
    }

    @Test(
        "parses the shapes Postgres and ISO-8601 use",
        arguments: [
            ("2024-05-01 12:51:36.654321+00", 1_714_567_896.654321),
            ("2024-05-01T12:51:36.654321Z", 1_714_567_896.654321),
            ("2024-05-01 18:21:36.654321+05:30", 1_714_567_896.654321),
            ("2024-05-01 07:51:36.654321-05", 1_714_567_896.654321),
            ("2024-05-01 12:51:36.5+00", 1_714_567_896.5),
            ("2024-05-01 12:51:36", 1_714_567_896),
            ("2024-05-01", 1_714_521_600),
            ("1969-12-31 23:59:59.5+00", -0.5),
            ("1900-01-01 00:00:00+00:53:28", -2_208_992_008),
            ("0044-03-15 12:00:00+00 BC", -63_517_780_800),
        ])
    func parses(text: String, seconds: Double) throws {
        let date = try #require(PostgresTimestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test(
        "rejects text that is not a timestamp",
        arguments: ["", "yesterday", "2024-13-01", "2024-05-01 25:00:00", "2024-05-01x"])
    func rejects(text: String) {
        #expect(PostgresTimestamp.parse(text) == nil)
    }

    @Test("format and parse agree to the microsecond across eras")
    func roundTrips() throws {
        for seconds in stride(from: -62_000_000_000.0, through: 62_000_000_000.0, by: 7_654_321_987.123457) {
            let date = Date(timeIntervalSince1970: seconds)
            let parsed = try #require(PostgresTimestamp.parse(PostgresTimestamp.format(date)))
            #expect(abs(parsed.timeIntervalSince(date)) < 0.000_001)
        }
    }

    @Test("hex bytea round-trips and rejects malformed text")
    func hex() {
        let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xab, 0xff]
        #expect(PostgresHex.encode(bytes) == "\\x00017f80abff")
        #expect(PostgresHex.decode("\\x00017F80ABff") == bytes)
        #expect(PostgresHex.decode("\\x") == [])
        #expect(PostgresHex.decode("00017f") == nil)
        #expect(PostgresHex.decode("\\x0") == nil)
        #expect(PostgresHex.decode("\\xzz") == nil)
    }
}
