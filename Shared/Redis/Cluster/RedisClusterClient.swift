import Synchronization

/// A client for a Redis Cluster: learns the slot map with `CLUSTER SLOTS` from the URL's nodes, keeps a small
/// ``RedisPool`` per master and sends each command to the master of its key's slot (``RedisCommandRoute``).
///
/// A pipeline whose commands live on several nodes is split, run on those nodes at once, and its replies put
/// back in order. `-MOVED` (a slot changed owner) updates the map and retries there; `-ASK` (a slot being
/// migrated) retries once on the target after `ASKING`. A node that cannot be reached marks the map stale: it
/// is fetched again before the next command, so after a failover commands go to the new owner. Commands the
/// link broke under are not replayed (they may have run), as on a single server.
package final class RedisClusterClient: SharedRedisClient {
    package let configuration: RedisConfiguration
    private let name: String
    private let state: Mutex<State>

    private struct State {
        var map = RedisSlotMap()
        var stale = true
        var pools: [RedisNodeAddress: RedisPool] = [:]
        var refresh: Task<Result<RedisSlotMap, RedisError>, Never>?
        var closed = false
    }

    /// Attempts for commands whose node could not be reached (nothing was sent, so retrying is safe).
    static let unreachableAttempts = 4
    /// Redirections followed for one command before giving up (a slot moving again and again).
    static let maximumRedirections = 5

    package init(configuration: RedisConfiguration, name: String = "redis-cluster") {
        self.configuration = configuration
        self.name = name
        self.state = Mutex(State())
    }

    // MARK: - Commands

    /// Sends commands, each to the node that serves it; replies come back in command order, per-command
    /// server errors as `.error` values.
    @discardableResult
    package func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        var replies = [RESPValue?](repeating: nil, count: commands.count)
        var answeredBy = [RedisNodeAddress?](repeating: nil, count: commands.count)
        var pending = Array(commands.indices)
        for attempt in 0..<Self.unreachableAttempts where !pending.isEmpty {
            if attempt > 0 { await Self.pause(before: attempt) }
            let map = try await currentMap()
            var plan = RedisClusterPlan()
            for index in pending {
                switch RedisCommandRoute(commands[index]) {
                case .everyMaster: plan.broadcasts.append(index)
                case .anyNode: plan.add(index, to: map.masters.first ?? configuration.clusterSeeds[0])
                case .slot(let slot):
                    if let owner = map.owner(of: slot) {
                        plan.add(index, to: owner)
                    } else {
                        replies[index] = .error("CLUSTERDOWN Hash slot \(slot) is not served")
                    }
                }
            }
            pending = []
            for outcome in await run(plan, commands) {
                switch outcome.replies {
                case .success(let values):
                    for (index, value) in zip(outcome.indices, values) {
                        replies[index] = value
                        answeredBy[index] = outcome.node
                    }
                case .failure(let error):
                    markStale()
                    guard case .connectFailed = error, attempt + 1 < Self.unreachableAttempts else { throw error }
                    pending += outcome.indices
                }
            }
            for index in plan.broadcasts {
                replies[index] = try await broadcast(commands[index], to: map.masters)
            }
            pending.sort()
        }
        // Redirected commands did not run; they are retried one by one in pipeline order.
        for index in commands.indices {
            guard let reply = replies[index], let node = answeredBy[index] else { continue }
            replies[index] = try await follow(commands[index], from: reply, answeredBy: node)
        }
        return replies.map { $0 ?? .error("CLUSTERDOWN the command could not be routed") }
    }

    /// Refuses new work and closes every node's pool.
    package func close() async {
        let pools = state.withLock { state -> [RedisPool] in
            state.closed = true
            return Array(state.pools.values)
        }
        for pool in pools { await pool.close() }
    }

    /// A connection of its own to the master of `key`'s slot, following the slot when it moves.
    package func dedicatedConnection(forKey key: String, name: String) -> any BlockingRedisClient {
        RedisClusterKeyConnection(cluster: self, slot: RedisHashSlot.slot(of: key), name: name)
    }

    // MARK: - Slot map

    /// The master serving `slot` now (the map is fetched first when stale).
    func owner(ofSlot slot: Int) async throws(RedisError) -> RedisNodeAddress {
        guard let owner = try await currentMap().owner(of: slot) else {
            throw .server("CLUSTERDOWN Hash slot \(slot) is not served")
        }
        return owner
    }

    /// Makes the next command fetch the slot map again (a node was lost or a slot moved).
    func markStale() {
        state.withLock { $0.stale = true }
    }

    /// Records a `-MOVED` at once, and fetches the whole map again before the next command.
    func noteMoved(_ redirection: RedisRedirection) {
        state.withLock { state in
            state.map.assign(redirection.slot, to: redirection.node)
            state.stale = true
        }
    }

    private func currentMap() async throws(RedisError) -> RedisSlotMap {
        enum Next { case ready(RedisSlotMap), wait(Task<Result<RedisSlotMap, RedisError>, Never>), closed }
        let next = state.withLock { state -> Next in
            if state.closed { return .closed }
            if !state.stale && !state.map.isEmpty { return .ready(state.map) }
            if let refresh = state.refresh { return .wait(refresh) }
            // One fetch at a time: callers that find the map stale meanwhile wait for the same answer.
            let refresh = Task { await self.fetchMap() }
            state.refresh = refresh
            return .wait(refresh)
        }
        switch next {
        case .ready(let map): return map
        case .closed: throw .closed
        case .wait(let refresh): return try await refresh.value.get()
        }
    }

    /// Asks the known masters, then the URL's nodes, for `CLUSTER SLOTS`; the first full answer wins.
    private func fetchMap() async -> Result<RedisSlotMap, RedisError> {
        let known = state.withLock { $0.map.masters }
        var candidates: [RedisNodeAddress] = []
        for node in known + configuration.clusterSeeds where !candidates.contains(node) { candidates.append(node) }
        var lastError = RedisError.connectFailed("no Redis Cluster node answered CLUSTER SLOTS")
        for node in candidates {
            do throws(RedisError) {
                let reply = try await pool(for: node).send("CLUSTER", "SLOTS")
                let map = try RedisSlotMap(clusterSlots: reply, answeredBy: node)
                if map.isEmpty {
                    lastError = .server("CLUSTERDOWN \(node) serves no slots yet")
                    continue
                }
                state.withLock { state in
                    state.map = map
                    state.stale = false
                    state.refresh = nil
                }
                return .success(map)
            } catch {
                lastError = error
            }
        }
        state.withLock { $0.refresh = nil }
        return .failure(lastError)
    }

    // MARK: - Nodes

    /// The pool of one node, opened on first use.
    func pool(for node: RedisNodeAddress) throws(RedisError) -> RedisPool {
        let pool = state.withLock { state -> RedisPool? in
            if state.closed { return nil }
            if let pool = state.pools[node] { return pool }
            let pool = RedisPool(configuration: configuration.node(node), name: "\(name)-\(node.port)")
            state.pools[node] = pool
            return pool
        }
        guard let pool else { throw .closed }
        return pool
    }

    private func run(_ plan: RedisClusterPlan, _ commands: [RedisCommand]) async -> [RedisClusterPlan.Outcome] {
        await withTaskGroup(of: RedisClusterPlan.Outcome.self) { group in
            for (node, indices) in plan.groups {
                group.addTask {
                    do throws(RedisError) {
                        let replies = try await self.pool(for: node).pipeline(indices.map { commands[$0] })
                        return .init(node: node, indices: indices, replies: .success(replies))
                    } catch {
                        return .init(node: node, indices: indices, replies: .failure(error))
                    }
                }
            }
            var outcomes: [RedisClusterPlan.Outcome] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
    }

    /// Runs a per-node command (`SCRIPT LOAD`, `FLUSHALL`) on every master. The first success is the answer:
    /// a master that is down must not stop a script from loading on the others.
    private func broadcast(_ command: RedisCommand, to masters: [RedisNodeAddress]) async throws(RedisError)
        -> RESPValue
    {
        var firstError: RESPValue?
        var firstFailure: RedisError?
        var answer: RESPValue?
        for node in masters.isEmpty ? configuration.clusterSeeds : masters {
            do throws(RedisError) {
                let reply = try await pool(for: node).pipeline([command])[0]
                if case .error = reply { firstError = firstError ?? reply } else { answer = answer ?? reply }
            } catch {
                markStale()
                firstFailure = firstFailure ?? error
            }
        }
        if let answer = answer ?? firstError { return answer }
        throw firstFailure ?? .closed
    }

    // MARK: - Redirections

    /// Follows `-MOVED` / `-ASK` until the command runs somewhere (a bounded number of hops).
    private func follow(_ command: RedisCommand, from first: RESPValue, answeredBy node: RedisNodeAddress)
        async throws(RedisError) -> RESPValue
    {
        var reply = first
        var answeredBy = node
        for _ in 0..<Self.maximumRedirections {
            guard let redirection = RedisRedirection(reply, answeredBy: answeredBy) else { return reply }
            let target = try pool(for: redirection.node)
            switch redirection.kind {
            case .moved:
                noteMoved(redirection)
                reply = try await target.pipeline([command])[0]
            case .ask:
                // ASKING applies to the next command on the same connection: one pipeline keeps them together.
                reply = try await target.pipeline([RedisCommand("ASKING"), command])[1]
            }
            answeredBy = redirection.node
        }
        return reply
    }

    private static func pause(before attempt: Int) async {
        try? await Task.sleep(for: .milliseconds(100 << min(attempt, 4)))
    }
}

/// Which commands of one pipeline go to which node.
struct RedisClusterPlan {
    var groups: [(node: RedisNodeAddress, indices: [Int])] = []
    var broadcasts: [Int] = []

    mutating func add(_ index: Int, to node: RedisNodeAddress) {
        if let position = groups.firstIndex(where: { $0.node == node }) {
            groups[position].indices.append(index)
        } else {
            groups.append((node, [index]))
        }
    }

    struct Outcome: Sendable {
        let node: RedisNodeAddress
        let indices: [Int]
        let replies: Result<[RESPValue], RedisError>
    }
}
