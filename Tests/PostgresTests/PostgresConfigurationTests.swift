import Postgres
import Testing

@Suite("PostgresConfiguration")
struct PostgresConfigurationTests {
    @Test("parses a full URL with percent-encoded credentials and query options")
    func parsesFullURL() throws {
        let configuration = try PostgresConfiguration(
            url: "postgresql://app%40eu:p%40ss%3Aw0rd@db.internal:6543/prospects?pool_size=3&connect_timeout=7"
                + "&search_path=tenant_a&application_name=gateway&statement_timeout=2500&sslmode=require")
        #expect(configuration.username == "app@eu")
        #expect(configuration.password == "p@ss:w0rd")
        #expect(configuration.host == "db.internal")
        #expect(configuration.port == 6543)
        #expect(configuration.database == "prospects")
        #expect(configuration.poolSize == 3)
        #expect(configuration.connectTimeout == .seconds(7))
        #expect(configuration.searchPath == "tenant_a")
        #expect(configuration.applicationName == "gateway")
        #expect(configuration.statementTimeout == .milliseconds(2500))
        #expect(configuration.options == ["sslmode": "require"])
    }

    @Test("applies defaults: port 5432, pool of 10, 5 s connect timeout")
    func defaults() throws {
        let configuration = try PostgresConfiguration(url: "postgres://ap@127.0.0.1/ap")
        #expect(configuration.port == 5432)
        #expect(configuration.poolSize == 10)
        #expect(configuration.connectTimeout == .seconds(5))
        #expect(configuration.password == nil)
        #expect(configuration.searchPath == nil)
        #expect(configuration.statementTimeout == nil)
    }

    @Test("reads bracketed IPv6 hosts and percent-encoded socket folders")
    func unusualHosts() throws {
        let ipv6 = try PostgresConfiguration(url: "postgres://ap@[::1]:15432/ap")
        #expect(ipv6.host == "::1")
        #expect(ipv6.port == 15432)
        let socket = try PostgresConfiguration(url: "postgres://ap@%2Fvar%2Frun%2Fpostgresql/ap")
        #expect(socket.host == "/var/run/postgresql")
    }

    @Test(
        "rejects unusable URLs without repeating the password",
        arguments: [
            "mysql://ap:S3cretPassw0rd@localhost/ap",
            "postgres://ap:S3cretPassw0rd@localhost:notaport/ap",
            "postgres://ap:S3cretPassw0rd@localhost:99999/ap",
            "postgres://ap:S3cretPassw0rd@localhost",
            "postgres://:S3cretPassw0rd@localhost/ap",
            "postgres://ap:S3cretPassw0rd%zz@localhost/ap",
            "postgres://ap:S3cretPassw0rd@localhost/ap?pool_size=0",
            "postgres://ap:S3cretPassw0rd@localhost/ap?password=S3cretPassw0rd",
        ])
    func rejectsInvalidURLs(url: String) {
        do {
            let configuration = try PostgresConfiguration(url: url)
            Issue.record("accepted \(configuration)")
        } catch {
            #expect(error.kind == .invalidConfiguration)
            #expect(!error.description.contains("S3cretPassw0rd"))
        }
    }

    @Test("description masks the password and password-like options")
    func descriptionMasksSecrets() throws {
        let configuration = try PostgresConfiguration(
            url: "postgres://ap:S3cretPassw0rd@localhost:5432/ap?sslpassword=KeyPassphrase&sslmode=verify-full")
        #expect(configuration.description.contains("ap:***@localhost:5432/ap"))
        #expect(configuration.description.contains("sslmode=verify-full"))
        #expect(!configuration.description.contains("S3cretPassw0rd"))
        #expect(!configuration.description.contains("KeyPassphrase"))
    }

    @Test("reads the environment, naming bad keys but not their values")
    func environment() throws {
        let configuration = try PostgresConfiguration(environment: [
            "DATABASE_URL": "postgres://ap:pw@localhost/ap",
            "DATABASE_POOL_SIZE": "4",
            "DATABASE_CONNECT_TIMEOUT_MS": "1500",
            "DATABASE_STATEMENT_TIMEOUT_MS": "30000",
            "DATABASE_APPLICATION_NAME": "sms-sender",
        ])
        #expect(configuration.poolSize == 4)
        #expect(configuration.connectTimeout == .milliseconds(1500))
        #expect(configuration.statementTimeout == .seconds(30))
        #expect(configuration.applicationName == "sms-sender")

        #expect(throws: PostgresError.self) { try PostgresConfiguration(environment: [:]) }
        do {
            _ = try PostgresConfiguration(environment: [
                "DATABASE_URL": "postgres://ap@localhost/ap", "DATABASE_POOL_SIZE": "lots",
            ])
            Issue.record("accepted a non-numeric pool size")
        } catch {
            #expect(error.description.contains("DATABASE_POOL_SIZE"))
            #expect(!error.description.contains("lots"))
        }
    }
}
