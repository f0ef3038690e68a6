import Redis
import Testing

/// How the cluster client decides where a command goes, and what it reads from the cluster's answers: plain
/// values, no server.
@Suite struct RedisClusterRoutingTests {
    private func slot(_ key: String) -> RedisCommandRoute { .slot(RedisHashSlot.slot(of: key)) }

    @Test("scripts route by their first declared key; keyless scripts go anywhere")
    func scripts() {
        #expect(
            RedisCommandRoute(RedisCommand("EVALSHA", "abc", 2, "ap:{q:sms}", "ap:{q:sms}:dead", 1)) == slot("{q:sms}"))
        #expect(RedisCommandRoute(RedisCommand("EVAL", "return 1", 0, "argument")) == .anyNode)
    }

    @Test("stream reads route by the key after STREAMS; subcommands by the key after the subcommand")
    func streams() {
        let read = RedisCommand(
            "XREADGROUP", "GROUP", "workers", "c1", "COUNT", 5, "BLOCK", 100, "STREAMS", "s{1}", ">")
        #expect(RedisCommandRoute(read) == slot("s{1}"))
        #expect(RedisCommandRoute(RedisCommand("xread", "streams", "s{2}", "0")) == slot("s{2}"))
        #expect(RedisCommandRoute(RedisCommand("XINFO", "GROUPS", "s{3}")) == slot("s{3}"))
        #expect(RedisCommandRoute(RedisCommand("XGROUP", "CREATE", "s{4}", "workers", "0", "MKSTREAM")) == slot("s{4}"))
        #expect(RedisCommandRoute(RedisCommand("XACK", "s{5}", "workers", "1-0")) == slot("s{5}"))
    }

    @Test("the script cache and flushes are per master; PING and CLUSTER go anywhere")
    func keyless() {
        #expect(RedisCommandRoute(RedisCommand("SCRIPT", "LOAD", "return 1")) == .everyMaster)
        #expect(RedisCommandRoute(RedisCommand("FLUSHALL")) == .everyMaster)
        #expect(RedisCommandRoute(RedisCommand("PING")) == .anyNode)
        #expect(RedisCommandRoute(RedisCommand("CLUSTER", "SLOTS")) == .anyNode)
        #expect(RedisCommandRoute(RedisCommand("HSET", "wa:routes", "a", "b")) == slot("wa:routes"))
    }

    @Test("MOVED and ASK replies name the slot and the node; other errors are not redirections")
    func redirections() {
        let fallback = RedisNodeAddress(host: "10.0.0.9", port: 7000)
        let moved = RedisRedirection(.error("MOVED 3999 127.0.0.1:47002"), answeredBy: fallback)
        #expect(
            moved?.kind == .moved && moved?.slot == 3999
                && moved?.node == RedisNodeAddress(host: "127.0.0.1", port: 47002))
        let ask = RedisRedirection(.error("ASK 12 :47003"), answeredBy: fallback)
        #expect(ask?.kind == .ask && ask?.node == RedisNodeAddress(host: "10.0.0.9", port: 47003))
        #expect(RedisRedirection(.error("ERR unknown command"), answeredBy: fallback) == nil)
        #expect(RedisRedirection(.bulk(Array("MOVED 1 a:1".utf8)), answeredBy: fallback) == nil)
    }

    @Test("CLUSTER SLOTS becomes an owner per slot; an empty host is the node that answered")
    func slotMap() throws {
        let reply = RESPValue.array([
            .array([.integer(0), .integer(8191), .array([.bulk(Array("127.0.0.1".utf8)), .integer(47001), .bulk([])])]),
            .array([.integer(8192), .integer(16383), .array([.bulk([]), .integer(47002), .bulk([])])]),
        ])
        let map = try RedisSlotMap(clusterSlots: reply, answeredBy: RedisNodeAddress(host: "10.1.1.1", port: 47002))
        #expect(map.owner(of: 0) == RedisNodeAddress(host: "127.0.0.1", port: 47001))
        #expect(map.owner(of: 16383) == RedisNodeAddress(host: "10.1.1.1", port: 47002))
        #expect(map.masters.count == 2)
        #expect(throws: RedisError.self) {
            try RedisSlotMap(
                clusterSlots: .array([.array([.integer(5)])]), answeredBy: RedisNodeAddress(host: "h", port: 1))
        }
    }

    @Test("redis+cluster:// names the seed nodes; database 0 only; the password never printed")
    func clusterURL() throws {
        let configuration = try RedisConfiguration(url: "redis+cluster://:s3cret@127.0.0.1:47001,127.0.0.1:47002")
        #expect(configuration.isCluster)
        #expect(configuration.clusterSeeds.map(\.port) == [47001, 47002])
        #expect(configuration.password == "s3cret")
        #expect(configuration.description == "redis+cluster://:***@127.0.0.1:47001,127.0.0.1:47002")
        #expect(configuration.makeSharedClient() is RedisClusterClient)
        #expect(try RedisConfiguration(url: "redis://127.0.0.1:6379/0").makeSharedClient() is RedisPool)
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis+cluster://127.0.0.1:47001/2") }
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://a:1,b:2") }
    }
}
