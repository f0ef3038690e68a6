import Foundation
import Gateway
import ServiceRuntime
import Testing

@Suite struct EnvironmentConfigurationTests {
    /// The smallest environment the gateway starts with.
    static let gatewayEnvironment = [
        "AP_REDIS_URL": "redis://:redis-password@127.0.0.1:16379/0",
        "AP_DATABASE_URL": "postgres://ap:db-password@127.0.0.1:15432/ap",
        "AP_ADMIN_SECRET": "admin-secret-0123456789",
        "AP_WORKER_TOKEN": "worker-token-abc",
        "AP_SEALING_KEYS": "k1:\(sealingKey)",
        "AP_SEALING_KEY_ID": "k1",
    ]

    /// A 32-byte sealing key in standard base64.
    static let sealingKey = Data((0..<32).map { UInt8($0) }).base64EncodedString()

    private func loadGateway(_ environment: [String: String]) throws(ConfigurationError) -> GatewayConfiguration {
        try EnvironmentConfiguration.load(environment: environment) { GatewayConfiguration(reader: $0) }
    }

    private func problems(_ environment: [String: String]) -> [ConfigurationProblem] {
        do {
            _ = try loadGateway(environment)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func everyMissingRequiredKeyIsReportedAtOnce() {
        let problems = problems([:])
        #expect(
            problems.map(\.key) == [
                "AP_REDIS_URL", "AP_DATABASE_URL", "AP_ADMIN_SECRET", "AP_WORKER_TOKEN", "AP_SEALING_KEYS",
                "AP_SEALING_KEY_ID",
            ])
        #expect(problems.allSatisfy { $0.kind == .missing })
        let error = ConfigurationError(problems: problems)
        #expect(error.description.hasPrefix("invalid configuration (6 problems): AP_REDIS_URL is missing"))
        #expect(error.report.split(separator: "\n").count == 7)
    }

    @Test func defaultsApplyWhenOptionalKeysAreUnset() throws {
        let configuration = try loadGateway(Self.gatewayEnvironment)
        #expect(configuration.httpHost == "127.0.0.1")
        #expect(configuration.httpPort == 8080)
        #expect(configuration.runtime.logLevel == .info)
        #expect(configuration.runtime.shutdownGrace == .seconds(10))
        #expect(configuration.stores.redisPrefix == "ap:")
        #expect(configuration.stores.redisURL.revealed == "redis://:redis-password@127.0.0.1:16379/0")
        #expect(configuration.adminSecret.revealed == "admin-secret-0123456789")
        #expect(configuration.messageExpiry == .seconds(86_400))
        #expect(configuration.expirySweepInterval == .seconds(60))
    }

    @Test func setValuesAreParsedTrimmedAndCaseInsensitive() throws {
        var environment = Self.gatewayEnvironment
        environment["AP_HTTP_PORT"] = " 0 "
        environment["AP_HTTP_HOST"] = "0.0.0.0"
        environment["AP_LOG_LEVEL"] = "DEBUG"
        environment["AP_SHUTDOWN_GRACE_SECONDS"] = "2.5"
        environment["AP_REDIS_PREFIX"] = "test:"
        environment["AP_WORKER_TOKEN"] = "token-from-a-file\n"
        environment["AP_MESSAGE_EXPIRY_SECONDS"] = "3600"
        environment["AP_MESSAGE_EXPIRY_SWEEP_SECONDS"] = "15"
        let configuration = try loadGateway(environment)
        #expect(configuration.httpPort == 0)
        #expect(configuration.httpHost == "0.0.0.0")
        #expect(configuration.runtime.logLevel == .debug)
        #expect(configuration.runtime.shutdownGrace == .milliseconds(2500))
        #expect(configuration.stores.redisPrefix == "test:")
        #expect(configuration.workerToken.revealed == "token-from-a-file")
        #expect(configuration.messageExpiry == .seconds(3600))
        #expect(configuration.expirySweepInterval == .seconds(15))
    }

    @Test func malformedValuesAreReportedByKeyWithTheExpectedForm() {
        var environment = Self.gatewayEnvironment
        environment["AP_HTTP_PORT"] = "80a"
        environment["AP_REDIS_URL"] = "http://127.0.0.1:6379"
        environment["AP_DATABASE_URL"] = "not a url"
        environment["AP_LOG_LEVEL"] = "loud"
        environment["AP_SHUTDOWN_GRACE_SECONDS"] = "-1"
        environment["AP_REDIS_PREFIX"] = "{ap}"
        let problems = problems(environment)
        #expect(
            Set(problems.map(\.key))
                == [
                    "AP_HTTP_PORT", "AP_REDIS_URL", "AP_DATABASE_URL", "AP_LOG_LEVEL", "AP_SHUTDOWN_GRACE_SECONDS",
                    "AP_REDIS_PREFIX",
                ]
        )
        #expect(problems.allSatisfy { $0.kind == .malformed })
        let expected = Dictionary(uniqueKeysWithValues: problems.map { ($0.key, $0.expected) })
        #expect(expected["AP_HTTP_PORT"] == "an integer from 0 to 65535")
        #expect(expected["AP_REDIS_URL"] == "a URL like redis://host or redis+cluster://host")
        #expect(expected["AP_LOG_LEVEL"] == "one of trace, debug, info, notice, warning, error, critical")
        // Problems name keys, never the values given (a URL may hold a password).
        let text = ConfigurationError(problems: problems).description
        for value in ["80a", "http://127.0.0.1:6379", "not a url", "loud", "{ap}"] {
            #expect(!text.contains(value))
        }
    }

    @Test func theHTTPIdleTimeoutHasADefaultAndIsParsed() throws {
        #expect(try loadGateway(Self.gatewayEnvironment).httpIdleTimeout == .seconds(30))
        var environment = Self.gatewayEnvironment
        environment["AP_HTTP_IDLE_TIMEOUT_SECONDS"] = "2.5"
        #expect(try loadGateway(environment).httpIdleTimeout == .milliseconds(2500))
        for value in ["0", "3601", "soon"] {
            environment["AP_HTTP_IDLE_TIMEOUT_SECONDS"] = value
            #expect(problems(environment).map(\.key) == ["AP_HTTP_IDLE_TIMEOUT_SECONDS"])
        }
    }

    @Test func storeSettingsHaveDefaultsAndAreParsed() throws {
        #expect(try loadGateway(Self.gatewayEnvironment).stores.startupTimeout == .seconds(60))
        var environment = Self.gatewayEnvironment
        environment["AP_STARTUP_TIMEOUT_SECONDS"] = "1.5"
        #expect(try loadGateway(environment).stores.startupTimeout == .milliseconds(1500))
        environment["AP_STARTUP_TIMEOUT_SECONDS"] = "0"
        #expect(problems(environment).map(\.key) == ["AP_STARTUP_TIMEOUT_SECONDS"])
    }

    @Test func redisDeadlinesHaveDefaultsAndAreParsed() throws {
        let defaults = try loadGateway(Self.gatewayEnvironment).stores
        #expect(defaults.redisCommandTimeout == .seconds(5))
        #expect(defaults.redisPoolTimeout == .seconds(10))
        #expect(defaults.redisRequestTimeout == .milliseconds(500))
        var environment = Self.gatewayEnvironment
        environment["AP_REDIS_COMMAND_TIMEOUT_SECONDS"] = "2"
        environment["AP_REDIS_POOL_TIMEOUT_SECONDS"] = "3"
        environment["AP_REDIS_REQUEST_TIMEOUT_SECONDS"] = "0.25"
        let parsed = try loadGateway(environment).stores
        #expect(parsed.redisCommandTimeout == .seconds(2))
        #expect(parsed.redisPoolTimeout == .seconds(3))
        #expect(parsed.redisRequestTimeout == .milliseconds(250))
        environment["AP_REDIS_REQUEST_TIMEOUT_SECONDS"] = "0"
        #expect(problems(environment).map(\.key) == ["AP_REDIS_REQUEST_TIMEOUT_SECONDS"])
    }

    /// URLs of the right shape that the clients would still refuse fail with the configuration (exit 78), not
    /// later when connecting; the problem names the key, not the URL.
    @Test func urlsTheStoreClientsRefuseAreMalformed() {
        var environment = Self.gatewayEnvironment
        environment["AP_REDIS_URL"] = "redis://127.0.0.1:16379/not-a-db"
        environment["AP_DATABASE_URL"] = "postgres://127.0.0.1:15432/ap"  // no user name
        let problems = problems(environment)
        #expect(problems.map(\.key) == ["AP_REDIS_URL", "AP_DATABASE_URL"])
        #expect(problems.allSatisfy { $0.kind == .malformed })
        #expect(problems.first?.expected == "a URL the Redis client accepts")
        #expect(!ConfigurationError(problems: problems).description.contains("not-a-db"))
    }

    @Test func integersOutsideTheirRangeAreMalformed() {
        var environment = Self.gatewayEnvironment
        environment["AP_HTTP_PORT"] = "65536"
        #expect(
            problems(environment) == [
                .init(key: "AP_HTTP_PORT", kind: .malformed, expected: "an integer from 0 to 65535")
            ])
    }

    @Test func blankValuesCountAsUnset() {
        var environment = Self.gatewayEnvironment
        environment["AP_WORKER_TOKEN"] = "   "
        environment["AP_HTTP_PORT"] = ""
        #expect(problems(environment).map(\.key) == ["AP_WORKER_TOKEN"])
    }

    @Test func booleansAcceptTheUsualSpellings() throws {
        let reader = EnvironmentConfiguration(environment: ["A": "yes", "B": "OFF", "C": "1", "D": "maybe"])
        #expect(reader.bool("A", default: false))
        #expect(!reader.bool("B", default: true))
        #expect(reader.bool("C", default: false))
        #expect(reader.bool("D", default: true))
        #expect(reader.bool("unset", default: true))
        #expect(reader.problems == [.init(key: "D", kind: .malformed, expected: "true or false")])
    }

    @Test func aKeyReadTwiceIsReportedOnce() {
        let reader = EnvironmentConfiguration(environment: [:])
        _ = reader.secret("AP_WORKER_TOKEN")
        _ = reader.secret("AP_WORKER_TOKEN")
        #expect(reader.problems.count == 1)
        #expect(throws: ConfigurationError.self) { try reader.validate() }
    }

    // MARK: Secrets

    @Test func secretsAreRedactedWhereverTheyArePrinted() {
        let secret = Secret("hunter2-super-secret")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        let configuration = try? loadGateway(Self.gatewayEnvironment)
        var configurationDump = ""
        dump(configuration, to: &configurationDump)
        let interpolated = "\(String(describing: configuration))"
        for text in [configurationDump, interpolated] {
            #expect(!text.contains("admin-secret-0123456789"))
            #expect(!text.contains("worker-token-abc"))
            #expect(!text.contains("redis-password"))
            #expect(!text.contains("db-password"))
            #expect(!text.contains(Self.sealingKey))
        }
    }

    @Test func aTooShortSecretIsReportedWithoutItsValue() {
        var environment = Self.gatewayEnvironment
        environment["AP_ADMIN_SECRET"] = "short-secret"
        let problems = problems(environment)
        #expect(
            problems == [
                .init(key: "AP_ADMIN_SECRET", kind: .malformed, expected: "a secret of at least 16 characters")
            ])
        #expect(!ConfigurationError(problems: problems).report.contains("short-secret"))
    }

    // MARK: Sealing keys

    @Test func theSealingKeyringIsReadWithItsCurrentKey() throws {
        let configuration = try loadGateway(Self.gatewayEnvironment)
        #expect(configuration.sealingKeyring.currentKeyID == "k1")
        var environment = Self.gatewayEnvironment
        environment["AP_SEALING_KEYS"] = "k1:\(Self.sealingKey), k2:\(Self.sealingKey)"
        environment["AP_SEALING_KEY_ID"] = "k2"
        #expect(try loadGateway(environment).sealingKeyring.keyIDs == ["k1", "k2"])
    }

    @Test func badSealingKeysAreReportedWithoutTheKeyText() {
        let shortKey = Data(repeating: 7, count: 16).base64EncodedString()
        var environment = Self.gatewayEnvironment
        environment["AP_SEALING_KEYS"] = "k1:\(shortKey)"
        var problems = problems(environment)
        #expect(problems.map(\.key) == ["AP_SEALING_KEYS"])
        #expect(problems.allSatisfy { $0.kind == .malformed })
        #expect(!ConfigurationError(problems: problems).report.contains(shortKey))

        environment = Self.gatewayEnvironment
        environment["AP_SEALING_KEY_ID"] = "k9"
        problems = self.problems(environment)
        #expect(problems.map(\.key) == ["AP_SEALING_KEY_ID"])
        #expect(problems.first?.kind == .malformed)
        #expect(!ConfigurationError(problems: problems).report.contains(Self.sealingKey))
    }
}
