import Redis
import Testing

@Suite struct RedisConfigurationTests {
    @Test func parsesEveryPart() throws {
        let configuration = try RedisConfiguration(url: "redis://user:p%40ss@cache.internal:6380/3")
        #expect(configuration.host == "cache.internal")
        #expect(configuration.port == 6380)
        #expect(configuration.database == 3)
        #expect(configuration.username == "user")
        #expect(configuration.password == "p@ss")
        #expect(!configuration.description.contains("p@ss"))
    }

    @Test func defaultsPortAndDatabase() throws {
        let configuration = try RedisConfiguration(url: "redis://localhost")
        #expect(configuration.port == 6379)
        #expect(configuration.database == 0)
        #expect(configuration.password == nil)
    }

    @Test(arguments: ["http://localhost:6379", "redis://:secret@host:99999/0", "redis://host/x", "redis://"])
    func rejectsMalformedURLs(_ url: String) {
        #expect(throws: RedisError.self) { try RedisConfiguration(url: url) }
        do {
            _ = try RedisConfiguration(url: url)
        } catch {
            #expect(!error.description.contains("secret"))
        }
    }
}
