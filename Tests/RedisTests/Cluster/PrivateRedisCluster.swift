import Foundation
import Redis
import TestSupport

/// Three cluster-enabled `redis-server`s of one test's own, the slots split in three ranges: for the tests that
/// move slots by hand or kill a master, which the shared cluster of `scripts/test` must not suffer.
struct PrivateRedisCluster: Sendable {
    let servers: [RedisServerProcess]
    let nodeIDs: [String]
    static let ranges = [0...5460, 5461...10922, 10923...16383]

    /// Starts the servers, assigns the slots, joins them and waits until every node reports `cluster_state:ok`.
    static func start() async throws -> PrivateRedisCluster {
        let servers = try (0..<3).map { _ in
            try RedisServerProcess(extraArguments: [
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                // A killed master must not stop the others from serving their slots (the failover test).
                "--cluster-require-full-coverage", "no",
            ])
        }
        let links = servers.map { RedisConnection(configuration: RedisConfiguration(port: $0.port)) }
        var ids: [String] = []
        for (index, link) in links.enumerated() {
            try await link.send("CLUSTER", "ADDSLOTSRANGE", ranges[index].lowerBound, ranges[index].upperBound)
            ids.append(try await link.send("CLUSTER", "MYID").string ?? "")
        }
        for server in servers.dropFirst() { try await links[0].send("CLUSTER", "MEET", "127.0.0.1", server.port) }
        let formed = try await eventually(timeout: .seconds(30), every: .milliseconds(100)) {
            for link in links {
                let info = try await link.send("CLUSTER", "INFO").string ?? ""
                let slots = try await link.send("CLUSTER", "SLOTS").array ?? []
                guard info.contains("cluster_state:ok"), info.contains("cluster_known_nodes:3"), slots.count == 3
                else { return false }
            }
            return true
        }
        guard formed else { throw TestSupportError("the private Redis Cluster did not form") }
        return PrivateRedisCluster(servers: servers, nodeIDs: ids)
    }

    /// One seed only: the client must discover the other masters.
    var url: String { "redis+cluster://127.0.0.1:\(servers[0].port)" }

    /// A plain connection to one node (no redirections followed).
    func node(_ index: Int) -> RedisConnection {
        RedisConnection(configuration: RedisConfiguration(port: servers[index].port))
    }

    /// The node that serves `key` before any slot is moved.
    func owner(of key: String) -> Int {
        let slot = RedisHashSlot.slot(of: key)
        return Self.ranges.firstIndex { $0.contains(slot) } ?? 0
    }

    /// Starts migrating `slot` from node `source` to node `target` and moves `keys` there (`-ASK` from now on).
    func beginMigration(of slot: Int, from source: Int, to target: Int, keys: [String]) async throws {
        try await node(target).send("CLUSTER", "SETSLOT", slot, "IMPORTING", nodeIDs[source])
        try await node(source).send("CLUSTER", "SETSLOT", slot, "MIGRATING", nodeIDs[target])
        guard !keys.isEmpty else { return }
        var migrate: [any RedisArgument] = ["MIGRATE", "127.0.0.1", servers[target].port, "", 0, 5000, "KEYS"]
        migrate += keys.map { $0 as any RedisArgument }
        try await node(source).send(RedisCommand(migrate))
    }

    /// Ends a migration: every node learns that `target` now owns `slot` (`-MOVED` from the old owner).
    func finishMigration(of slot: Int, to target: Int) async throws {
        for index in [target] + servers.indices.filter({ $0 != target }) {
            try await node(index).send("CLUSTER", "SETSLOT", slot, "NODE", nodeIDs[target])
        }
        // The nodes settle their config epochs by gossip; until every one names the target, a node can still
        // redirect to the old owner (seen in a fresh-clone run). The client is tested against a settled move.
        let port = servers[target].port
        let settled = try await eventually(timeout: .seconds(20), every: .milliseconds(100)) {
            for index in servers.indices {
                let map = try RedisSlotMap(
                    clusterSlots: try await node(index).send("CLUSTER", "SLOTS"),
                    answeredBy: RedisNodeAddress(host: "127.0.0.1", port: servers[index].port))
                guard map.owner(of: slot)?.port == port else { return false }
            }
            return true
        }
        guard settled else { throw TestSupportError("slot \(slot) did not settle on node \(target)") }
    }

    /// Moves `slot` with `keys` from `source` to `target` in one go, as `redis-cli --cluster reshard` does.
    func move(_ slot: Int, from source: Int, to target: Int, keys: [String]) async throws {
        try await beginMigration(of: slot, from: source, to: target, keys: keys)
        try await finishMigration(of: slot, to: target)
    }
}
