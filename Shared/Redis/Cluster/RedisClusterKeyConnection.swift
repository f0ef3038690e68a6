import Synchronization

/// A connection of its own to the master serving one slot (``RedisClusterClient/dedicatedConnection(forKey:name:)``),
/// for blocking reads. When the slot moves (`-MOVED`) or its node is lost, the next call asks the cluster client
/// for the owner and connects there.
final class RedisClusterKeyConnection: BlockingRedisClient {
    private let cluster: RedisClusterClient
    private let slot: Int
    private let name: String
    private let link: Mutex<(node: RedisNodeAddress, connection: RedisConnection)?> = Mutex(nil)

    init(cluster: RedisClusterClient, slot: Int, name: String) {
        self.cluster = cluster
        self.slot = slot
        self.name = name
    }

    @discardableResult
    func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue] {
        try await run(commands, blockingFor: nil)
    }

    func pipeline(_ commands: [RedisCommand], blockingFor block: Duration) async throws(RedisError) -> [RESPValue] {
        try await run(commands, blockingFor: block)
    }

    func disconnect() async {
        await link.withLock { $0?.connection }?.disconnect()
    }

    private func run(_ commands: [RedisCommand], blockingFor block: Duration?) async throws(RedisError)
        -> [RESPValue]
    {
        var attempt = 0
        while true {
            attempt += 1
            let owner = try await cluster.owner(ofSlot: slot)
            let connection = connection(to: owner)
            let replies: [RESPValue]
            do throws(RedisError) {
                if let block {
                    replies = try await connection.pipeline(commands, blockingFor: block)
                } else {
                    replies = try await connection.pipeline(commands)
                }
            } catch {
                cluster.markStale()
                // Nothing was sent when the connect failed: try the (possibly new) owner again, briefly.
                guard case .connectFailed = error, attempt < RedisClusterClient.unreachableAttempts else { throw error }
                try? await Task.sleep(for: .milliseconds(100 << attempt))
                continue
            }
            guard let redirection = replies.lazy.compactMap({ RedisRedirection($0, answeredBy: owner) }).first,
                attempt < RedisClusterClient.maximumRedirections
            else { return replies }
            switch redirection.kind {
            case .moved:
                cluster.noteMoved(redirection)
            case .ask:
                // Mid-migration, for these commands only: through the target's pool, not this link.
                let asked = try await cluster.pool(for: redirection.node).pipeline(
                    commands.flatMap { [RedisCommand("ASKING"), $0] })
                return stride(from: 1, to: asked.count, by: 2).map { asked[$0] }
            }
        }
    }

    /// The link to `node`, replacing one to a former owner.
    private func connection(to node: RedisNodeAddress) -> RedisConnection {
        link.withLock { link in
            if let link, link.node == node { return link.connection }
            var single = cluster.configuration.node(node)
            single.poolSize = 1
            let connection = RedisConnection(configuration: single, name: name)
            link = (node, connection)
            return connection
        }
    }
}
