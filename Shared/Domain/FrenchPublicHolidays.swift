/// France's eleven public holidays (jours fériés): eight fixed dates and three that follow Easter (Easter
/// Monday, Ascension, Whit Monday). Hunts do not send on them to French numbers.
package enum FrenchPublicHolidays {
    /// Whether `day`/`month`/`year` (Gregorian) is one.
    package static func contains(year: Int, month: Int, day: Int) -> Bool {
        let fixed: Set<Int> = [101, 501, 508, 714, 815, 1101, 1111, 1225]
        if fixed.contains(month * 100 + day) { return true }
        let easter = easterSunday(year)
        let ordinal = dayOfYear(year: year, month: month, day: day)
        let easterOrdinal = dayOfYear(year: year, month: easter.month, day: easter.day)
        return [1, 39, 50].contains(ordinal - easterOrdinal)
    }

    /// Easter Sunday (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher").
    package static func easterSunday(_ year: Int) -> (month: Int, day: Int) {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return (month, day)
    }

    private static func dayOfYear(year: Int, month: Int, day: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return lengths.prefix(month - 1).reduce(0, +) + day
    }
}
