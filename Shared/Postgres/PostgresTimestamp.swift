import Foundation

/// Conversion between `Date` and Postgres' timestamp text, without Foundation's date formatters (which
/// are slow and locale-sensitive). Connections run with `DateStyle=ISO` and `TimeZone=UTC`.
enum PostgresTimestamp {
    private static let microsecondsPerDay: Int64 = 86_400_000_000

    /// `2024-05-01T12:34:56.123456Z`; years before 1 AD use Postgres' own `... BC` form.
    static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        // Date's range (years 1...4001 for distantPast/Future) fits easily; clamp anything beyond.
        let clamped = min(max(seconds, -210_000_000_000), 9_000_000_000_000)
        let micros = Int64((clamped * 1_000_000).rounded())
        var days = micros / microsecondsPerDay
        var rest = micros % microsecondsPerDay
        if rest < 0 {
            days -= 1
            rest += microsecondsPerDay
        }
        let (year, month, day) = civil(fromDays: days)
        let time =
            "\(pad(Int(rest / 3_600_000_000), 2)):\(pad(Int(rest / 60_000_000 % 60), 2)):"
            + "\(pad(Int(rest / 1_000_000 % 60), 2)).\(pad(Int(rest % 1_000_000), 6))"
        if year <= 0 {
            return "\(pad(1 - year, 4))-\(pad(month, 2))-\(pad(day, 2)) \(time)+00 BC"
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(time)Z"
    }

    /// Parses `YYYY-MM-DD[( |T)HH:MM:SS[.fraction]][Z|±HH[[:]MM[[:]SS]]][ BC]` and `±infinity`.
    /// A value without a zone (`timestamp`, `date`) is taken as UTC.
    static func parse(_ text: String) -> Date? {
        switch text {
        case "infinity": return .distantFuture
        case "-infinity": return .distantPast
        default: break
        }
        var scanner = ByteScanner(text)
        guard let yearDigits = scanner.digits(), yearDigits.count >= 4, let year = Int(yearDigits),
            scanner.take("-"), let month = scanner.number(2), scanner.take("-"), let day = scanner.number(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }

        var micros: Int64 = 0
        var offsetSeconds: Int64 = 0
        if scanner.take(" ") || scanner.take("T") {
            guard let hour = scanner.number(2), scanner.take(":"), let minute = scanner.number(2), scanner.take(":"),
                let second = scanner.number(2), hour <= 24, minute <= 59, second <= 60
            else { return nil }
            micros = Int64(hour * 3600 + minute * 60 + second) * 1_000_000
            if scanner.take(".") {
                guard let fraction = scanner.digits(), !fraction.isEmpty else { return nil }
                let padded = (fraction + "000000").prefix(6)
                micros += Int64(padded) ?? 0
            }
            if scanner.take("Z") {
                offsetSeconds = 0
            } else if let sign = scanner.sign() {
                guard let hours = scanner.number(2) else { return nil }
                _ = scanner.take(":")
                let minutes = scanner.number(2) ?? 0
                _ = scanner.take(":")
                let seconds = scanner.number(2) ?? 0
                offsetSeconds = Int64(sign * (hours * 3600 + minutes * 60 + seconds))
            }
        }
        let astronomicalYear = scanner.take(" BC") ? 1 - year : year
        guard scanner.isAtEnd else { return nil }

        let days = days(fromCivil: astronomicalYear, month, day)
        let totalMicros = days * microsecondsPerDay + micros - offsetSeconds * 1_000_000
        let wholeSeconds = totalMicros >= 0 ? totalMicros / 1_000_000 : (totalMicros - 999_999) / 1_000_000
        let fraction = totalMicros - wholeSeconds * 1_000_000
        return Date(timeIntervalSince1970: Double(wholeSeconds) + Double(fraction) / 1_000_000)
    }

    // MARK: - Civil calendar (proleptic Gregorian, astronomical years; H. Hinnant's algorithms)

    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = Int64((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1)
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A cursor over ASCII text for the timestamp parser.
private struct ByteScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var isAtEnd: Bool { position == bytes.count }

    mutating func take(_ literal: String) -> Bool {
        let expected = Array(literal.utf8)
        guard bytes.count - position >= expected.count,
            bytes[position..<position + expected.count].elementsEqual(expected)
        else { return false }
        position += expected.count
        return true
    }

    mutating func digits() -> String? {
        let start = position
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            position += 1
        }
        return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
    }

    mutating func number(_ width: Int) -> Int? {
        guard bytes.count - position >= width else { return nil }
        var value = 0
        for byte in bytes[position..<position + width] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        position += width
        return value
    }

    mutating func sign() -> Int? {
        if take("+") { return 1 }
        if take("-") { return -1 }
        return nil
    }
}
