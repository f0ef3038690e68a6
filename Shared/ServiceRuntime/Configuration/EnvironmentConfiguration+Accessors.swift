import Foundation

// Typed accessors. Each records a problem (missing or malformed, with the expected form) and returns a
// placeholder instead of throwing, so that one read reports every bad key; `load` throws them together.

extension EnvironmentConfiguration {
    // MARK: Strings

    /// A value that must be set.
    package func requiredString(_ key: String, expected: String = "a non-empty value") -> String {
        guard let value = value(key) else {
            report(key, .missing, expected: expected)
            return ""
        }
        return value
    }

    /// A value that may be unset.
    package func optionalString(_ key: String) -> String? {
        value(key)
    }

    /// A value with a default, checked by `isValid` (which `default` is not: it is trusted).
    package func string(
        _ key: String, default defaultValue: String, expected: String = "a non-empty value",
        isValid: (String) -> Bool = { _ in true }
    ) -> String {
        guard let value = value(key) else { return defaultValue }
        guard isValid(value) else {
            report(key, .malformed, expected: expected)
            return defaultValue
        }
        return value
    }

    // MARK: Numbers and flags

    /// A decimal integer within `range`.
    package func int(_ key: String, default defaultValue: Int, range: ClosedRange<Int>) -> Int {
        guard let value = value(key) else { return defaultValue }
        guard let number = Int(value), range.contains(number) else {
            report(key, .malformed, expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
            return defaultValue
        }
        return number
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`), in any case.
    package func bool(_ key: String, default defaultValue: Bool) -> Bool {
        guard let value = value(key) else { return defaultValue }
        switch value.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default:
            report(key, .malformed, expected: "true or false")
            return defaultValue
        }
    }

    /// A number of seconds (decimals allowed, e.g. `2.5`) within `range`, as a `Duration` to the millisecond.
    package func seconds(_ key: String, default defaultValue: Duration, range: ClosedRange<Double>) -> Duration {
        guard let value = value(key) else { return defaultValue }
        guard let seconds = Double(value), seconds.isFinite, range.contains(seconds) else {
            report(key, .malformed, expected: "a number of seconds from \(range.lowerBound) to \(range.upperBound)")
            return defaultValue
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    // MARK: Enumerations

    /// One of the cases' raw values, matched without regard to case.
    package func enumeration<Value: CaseIterable & RawRepresentable>(
        _ key: String, default defaultValue: Value
    ) -> Value where Value.RawValue == String {
        guard let value = value(key) else { return defaultValue }
        guard let match = Value.allCases.first(where: { $0.rawValue.lowercased() == value.lowercased() }) else {
            let names = Value.allCases.map(\.rawValue).joined(separator: ", ")
            report(key, .malformed, expected: "one of \(names)")
            return defaultValue
        }
        return match
    }

    // MARK: URLs

    /// A required absolute URL with one of `schemes` and a host.
    package func url(_ key: String, schemes: Set<String>) -> URL {
        guard let value = value(key) else {
            report(key, .missing, expected: Self.urlForm(schemes))
            return Self.placeholderURL
        }
        return parseURL(key, value, schemes: schemes) ?? Self.placeholderURL
    }

    /// An absolute URL with one of `schemes` and a host, or `default` when unset.
    package func url(_ key: String, schemes: Set<String>, default defaultValue: URL) -> URL {
        guard let value = value(key) else { return defaultValue }
        return parseURL(key, value, schemes: schemes) ?? defaultValue
    }

    // MARK: Secrets

    /// A required secret of at least `minimumLength` characters.
    package func secret(_ key: String, minimumLength: Int = 1) -> Secret {
        let expected = minimumLength > 1 ? "a secret of at least \(minimumLength) characters" : "a secret"
        guard let value = value(key) else {
            report(key, .missing, expected: expected)
            return Secret("")
        }
        guard value.count >= minimumLength else {
            report(key, .malformed, expected: expected)
            return Secret("")
        }
        return Secret(value)
    }

    /// A required URL that may carry credentials (`redis://:password@host`), checked like ``url(_:schemes:)``
    /// and kept as a ``Secret``.
    package func secretURL(_ key: String, schemes: Set<String>) -> Secret {
        guard let value = value(key) else {
            report(key, .missing, expected: Self.urlForm(schemes))
            return Secret("")
        }
        // Several hosts (`redis+cluster://a:1,b:2`) are checked on the first; the client's own parser checks all.
        let firstHost = value.firstIndex(of: ",").map { String(value[..<$0]) } ?? value
        return parseURL(key, firstHost, schemes: schemes) == nil ? Secret("") : Secret(value)
    }

    // MARK: Helpers

    private static let placeholderURL = URL(fileURLWithPath: "/")

    private static func urlForm(_ schemes: Set<String>) -> String {
        "a URL like " + schemes.sorted().map { "\($0)://host" }.joined(separator: " or ")
    }

    private func parseURL(_ key: String, _ value: String, schemes: Set<String>) -> URL? {
        guard let components = URLComponents(string: value),
            let scheme = components.scheme?.lowercased(), schemes.contains(scheme),
            let host = components.host, !host.isEmpty,
            let url = components.url
        else {
            report(key, .malformed, expected: Self.urlForm(schemes))
            return nil
        }
        return url
    }
}
