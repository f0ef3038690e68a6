/// One missing or malformed environment variable: its name and the form it should take, never its value.
package struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    /// Whether the key was absent or present with a value that could not be used.
    package enum Kind: String, Sendable, Hashable {
        case missing
        case malformed
    }

    /// The variable name, e.g. `AP_REDIS_URL`.
    package var key: String
    package var kind: Kind
    /// What a valid value looks like, e.g. `an integer from 1 to 65535`.
    package var expected: String

    package init(key: String, kind: Kind, expected: String) {
        self.key = key
        self.kind = kind
        self.expected = expected
    }

    package var description: String {
        "\(key) is \(kind.rawValue): expected \(expected)"
    }
}

/// The ServiceRuntime module's error: the configuration could not be read. It lists every problem found,
/// by key, so a deployment is fixed in one round; it never contains a value (values may be secrets).
package struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every problem, in the order the keys were read.
    package var problems: [ConfigurationProblem]

    package init(problems: [ConfigurationProblem]) {
        self.problems = problems
    }

    /// The names of the keys at fault.
    package var keys: [String] { problems.map(\.key) }

    /// One line: `invalid configuration (2 problems): A is missing: ...; B is malformed: ...`.
    package var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "invalid configuration (\(count)): " + problems.map(\.description).joined(separator: "; ")
    }

    /// One problem per line, for a human reading stderr.
    package var report: String {
        (["invalid configuration:"] + problems.map { "  - \($0.description)" }).joined(separator: "\n")
    }
}
