import Domain
import Foundation

/// A CSV import of numbers to block: one number a line, optionally `,reason` after it; a first line naming the
/// columns (`phone` or `phone,reason`) is skipped; blank lines are ignored; quotes around a field are removed.
/// Every line must be valid or nothing is imported (errors name the line, never its content).
struct BlockedContactCSV {
    /// The most numbers one import takes.
    static let maxRows = 50_000
    /// Field errors reported at most (the rest are counted in the detail).
    static let maxReportedErrors = 20

    struct Row: Equatable {
        var phone: String
        var reason: String
    }

    var rows: [Row] = []
    var errors: [ProblemDetails.FieldError] = []
    var invalidLines = 0

    init(_ text: String, defaultRegion: PhoneRegion) {
        var lineNumber = 0
        // `\r\n` is one Character in Swift: split on every newline character, not on "\n".
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false).map {
                Self.unquote($0)
            }
            if lineNumber == 1, fields[0].lowercased() == "phone" { continue }
            guard let phone = try? PhoneNumber(fields[0], defaultRegion: defaultRegion) else {
                fail(line: lineNumber, "is not a phone number in E.164 or national \(defaultRegion) form")
                continue
            }
            let reason = fields.count > 1 && !fields[1].isEmpty ? fields[1] : BlockReason.imported
            if let error = BlockReason.error(reason) {
                fail(line: lineNumber, "has a reason that \(error)")
                continue
            }
            rows.append(Row(phone: phone.e164, reason: reason))
        }
    }

    private mutating func fail(line: Int, _ message: String) {
        invalidLines += 1
        if errors.count < Self.maxReportedErrors { errors.append(.init(field: "line \(line)", message: message)) }
    }

    private static func unquote(_ field: Substring) -> String {
        var text = field.trimmingCharacters(in: .whitespaces)
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
        return text
    }
}
