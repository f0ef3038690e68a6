import Redis
import Testing

@testable import JobRuntime

/// What a Redis Cluster needs from the job scripts: every key a script touches is declared in KEYS (a cluster
/// routes a script, and answers `-ASK` during a slot migration, by its declared keys only). That the declared keys
/// share a slot is what the job runtime suite checks when `scripts/test` runs it on a Redis Cluster.
@Suite struct ScriptKeyTests {
    static let scripts: [RedisScript] = [
        JobScripts.enqueue, JobScripts.complete, JobScripts.fail, JobScripts.promote, JobScripts.reclaim,
        JobScripts.release, JobScripts.keepAlive, JobScripts.replay, JobScripts.trim, JobScripts.takeToken,
    ]

    @Test("no script builds a key from ARGV", arguments: ScriptKeyTests.scripts.map(\.name))
    func noKeyBuiltFromArguments(name: String) throws {
        let script = try #require(Self.scripts.first { $0.name == name })
        // `ARGV[n] .. id` or `prefix .. ARGV[n]`: a key name made on the server, unknown to the cluster.
        for pattern in [#/ARGV\[[^\]]+\]\s*\.\./#, #/\.\.\s*ARGV\[/#] {
            #expect(script.source.firstMatch(of: pattern) == nil, "\(name) concatenates an argument")
        }
    }

}
