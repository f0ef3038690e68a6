import Foundation

/// Reading Lobstr's loosely typed fields defensively (PROVIDERS.md §5.5: numbers may come as strings,
/// `details` as an object or a JSON string, "85 000 km" for a mileage).
enum LobstrValue {
    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    /// An integer from a number or from the digits of a text ("85 000 km" → 85000, "2019" → 2019).
    static func int(_ value: Any?) -> Int? {
        if let number = value as? NSNumber, !(value is Bool) { return number.intValue }
        guard let text = string(value) else { return nil }
        let digits = text.prefix { $0.isNumber || $0 == " " || $0 == "\u{A0}" || $0 == "\u{202F}" || $0 == "." }
            .filter(\.isNumber)
        return digits.isEmpty ? nil : Int(digits)
    }

    static func double(_ value: Any?) -> Double? {
        if let number = value as? NSNumber, !(value is Bool) { return number.doubleValue }
        guard let text = string(value) else { return nil }
        return Double(text.replacingOccurrences(of: ",", with: "."))
    }

    static func bool(_ value: Any?) -> Bool? {
        switch value {
        case let flag as Bool: return flag
        case let number as NSNumber: return number.intValue != 0
        case let text as String:
            switch text.lowercased() {
            case "true", "1", "yes", "oui": return true
            case "false", "0", "no", "non": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// An object, or a JSON object in a string.
    static func object(_ value: Any?) -> [String: Any] {
        if let object = value as? [String: Any] { return object }
        if let text = value as? String, let data = text.data(using: .utf8),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        {
            return object
        }
        return [:]
    }

    /// `2025-06-17 09:12:44` (Lobstr's form, read as UTC), or ISO 8601.
    static func date(_ value: Any?) -> Date? {
        guard let text = string(value) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return ISO8601DateFormatter().date(from: text)
    }
}
