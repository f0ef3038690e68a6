import ServiceRuntime
import Testing
import WhatsAppGateway

/// The reconnect schedule of a dropped WhatsApp session: doubling from the base, capped, jittered down by at
/// most 20 %, back to the base after a connection.
@Suite struct ReconnectBackoffTests {
    @Test func waitsDoubleFromTheBaseUpToTheCap() {
        var backoff = ReconnectBackoff(base: .seconds(1), cap: .seconds(60))
        let waits = (0..<9).map { _ in backoff.next(random: 0) }
        #expect(waits == [1, 2, 4, 8, 16, 32, 60, 60, 60].map { Duration.seconds($0) })
        #expect(backoff.failures == 9)
    }

    @Test func jitterShortensAWaitByAtMostAFifth() {
        var backoff = ReconnectBackoff(base: .seconds(10), cap: .seconds(60))
        #expect(backoff.next(random: 0.999_999) > .seconds(8))
        #expect(backoff.next(random: 1) == .seconds(16))
        #expect(backoff.next(random: 0.5) == .seconds(36))
        for _ in 0..<1000 {
            let wait = backoff.next()
            #expect(wait >= .seconds(48) && wait <= .seconds(60))
        }
    }

    @Test func aConnectionStartsTheScheduleOver() {
        var backoff = ReconnectBackoff(base: .milliseconds(500), cap: .seconds(3))
        for _ in 0..<5 { _ = backoff.next(random: 0) }
        #expect(backoff.next(random: 0) == .seconds(3))
        backoff.reset()
        #expect(backoff.failures == 0)
        #expect(backoff.next(random: 0) == .milliseconds(500))
    }

    @Test func manyFailuresNeitherOverflowNorPassTheCap() {
        var backoff = ReconnectBackoff(base: .seconds(1), cap: .seconds(60))
        for _ in 0..<200 { _ = backoff.next(random: 0) }
        #expect(backoff.next(random: 0) == .seconds(60))
    }

    @Test func theWatchdogChecksAFewTimesPerTimeout() {
        #expect(SessionWatchdog.interval(timeout: .seconds(300)) == .seconds(10))
        #expect(SessionWatchdog.interval(timeout: .seconds(2)) == .milliseconds(500))
        #expect(SessionWatchdog.interval(timeout: .milliseconds(200)) == .milliseconds(100))
    }
}

/// The worker's recovery settings from the environment.
@Suite struct WhatsAppRecoveryConfigurationTests {
    private static let required = [
        "AP_REDIS_URL": "redis://127.0.0.1:16379/0", "AP_DATABASE_URL": "postgres://ap@127.0.0.1:15432/ap",
        "AP_WORKER_TOKEN": "worker-token-abc", "AP_GATEWAY_URL": "http://127.0.0.1:8080", "AP_WORKER_ID": "wa-1",
        "AP_SEALING_KEYS": "k1:\(EnvironmentConfigurationTests.sealingKey)", "AP_SEALING_KEY_ID": "k1",
    ]

    @Test func defaultsAreOneSecondDoublingToAMinuteAndAFiveMinuteWatchdog() throws {
        let configuration = try EnvironmentConfiguration.load(environment: Self.required) {
            WhatsAppGatewayConfiguration(reader: $0)
        }
        #expect(configuration.reconnectBackoff == ReconnectBackoff(base: .seconds(1), cap: .seconds(60)))
        #expect(configuration.watchdog == .seconds(300))
        #expect(configuration.sandboxKeepAlive == .seconds(25))
    }

    @Test func theKeysSetThemAndOutOfRangeValuesAreReported() throws {
        var environment = Self.required
        environment["AP_WA_RECONNECT_BASE_SECONDS"] = "0.5"
        environment["AP_WA_RECONNECT_MAX_SECONDS"] = "30"
        environment["AP_WA_WATCHDOG_SECONDS"] = "90"
        environment["AP_WA_SANDBOX_KEEPALIVE_SECONDS"] = "0.3"
        let configuration = try EnvironmentConfiguration.load(environment: environment) {
            WhatsAppGatewayConfiguration(reader: $0)
        }
        #expect(configuration.reconnectBackoff == ReconnectBackoff(base: .milliseconds(500), cap: .seconds(30)))
        #expect(configuration.watchdog == .seconds(90))
        #expect(configuration.sandboxKeepAlive == .milliseconds(300))

        environment["AP_WA_RECONNECT_BASE_SECONDS"] = "0"
        environment["AP_WA_WATCHDOG_SECONDS"] = "soon"
        do {
            _ = try EnvironmentConfiguration.load(environment: environment) { WhatsAppGatewayConfiguration(reader: $0) }
            Issue.record("a zero base and a non-number watchdog were accepted")
        } catch {
            #expect(error.problems.map(\.key) == ["AP_WA_RECONNECT_BASE_SECONDS", "AP_WA_WATCHDOG_SECONDS"])
        }
    }
}
