import Foundation

/// Reads typed settings from environment variables and collects every problem instead of stopping at the
/// first, so that a misconfigured deployment learns about all its missing or malformed keys in one go.
///
/// Each module reads its keys in an `XConfiguration(reader:)` initialiser through the typed accessors
/// (`EnvironmentConfiguration+Accessors.swift`). An accessor that meets a missing or malformed value records
/// a ``ConfigurationProblem`` and returns a placeholder; ``load(environment:_:)`` then throws one
/// ``ConfigurationError`` listing them all, so no configuration built from placeholders escapes.
///
/// Values are trimmed of surrounding whitespace (secrets mounted from files end with a newline) and a blank
/// value counts as unset. Problems name the key and the expected form, never the value.
package final class EnvironmentConfiguration {
    /// The variables read from.
    package let environment: [String: String]
    /// Problems found so far, in the order the keys were read.
    package private(set) var problems: [ConfigurationProblem] = []

    /// A reader over `environment`, by default the process environment.
    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Builds one configuration with `read` and throws every problem it met at once.
    package static func load<Configuration>(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        _ read: (EnvironmentConfiguration) -> Configuration
    ) throws(ConfigurationError) -> Configuration {
        let reader = EnvironmentConfiguration(environment: environment)
        let configuration = read(reader)
        try reader.validate()
        return configuration
    }

    /// Throws a ``ConfigurationError`` listing every problem recorded so far, if any.
    package func validate() throws(ConfigurationError) {
        if !problems.isEmpty {
            throw ConfigurationError(problems: problems)
        }
    }

    /// The trimmed value of `key`, or nil when it is unset or blank.
    package func value(_ key: String) -> String? {
        guard let raw = environment[key] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Records a problem with `key`; a key read twice (by two modules) is reported once.
    package func report(_ key: String, _ kind: ConfigurationProblem.Kind, expected: String) {
        let problem = ConfigurationProblem(key: key, kind: kind, expected: expected)
        if !problems.contains(problem) {
            problems.append(problem)
        }
    }
}
