/// Which master serves each of the 16,384 slots, as `CLUSTER SLOTS` reports it. A plain value: the cluster
/// client swaps in a fresh one after a redirection or a lost node.
package struct RedisSlotMap: Sendable, Equatable {
    /// Owner of each slot (nil while a slot is unassigned).
    private var owners: [RedisNodeAddress?]

    package init() {
        owners = Array(repeating: nil, count: RedisHashSlot.count)
    }

    /// Parses a `CLUSTER SLOTS` reply: `[[start, end, [host, port, id, …], replica…], …]`. An empty host means
    /// the node that answered (`answeredBy`).
    package init(clusterSlots reply: RESPValue, answeredBy node: RedisNodeAddress) throws(RedisError) {
        self.init()
        guard let ranges = reply.array else { throw .unexpectedReply("CLUSTER SLOTS did not answer an array") }
        for range in ranges {
            guard let parts = range.array, parts.count >= 3, let start = parts[0].int, let end = parts[1].int,
                let master = parts[2].array, master.count >= 2, let host = master[0].string, let port = master[1].int,
                0 <= start, start <= end, end < RedisHashSlot.count
            else { throw .unexpectedReply("CLUSTER SLOTS answered a malformed range") }
            let owner = RedisNodeAddress(host: host.isEmpty ? node.host : host, port: port)
            for slot in start...end { owners[slot] = owner }
        }
    }

    /// The master serving `slot`, if the map knows one.
    package func owner(of slot: Int) -> RedisNodeAddress? { owners[slot] }

    /// Records one slot's new owner (from `-MOVED`) until the next full refresh.
    package mutating func assign(_ slot: Int, to node: RedisNodeAddress) { owners[slot] = node }

    /// The distinct masters, in slot order.
    package var masters: [RedisNodeAddress] {
        var seen: Set<RedisNodeAddress> = []
        return owners.compactMap { owner in
            guard let owner, seen.insert(owner).inserted else { return nil }
            return owner
        }
    }

    /// Whether no slot has an owner (nothing loaded yet).
    package var isEmpty: Bool { owners.allSatisfy { $0 == nil } }
}
