/// Why a ``StreamFanOut`` refused a subscriber.
package enum SubscriptionRefusal: Error, Equatable, Sendable {
    /// The account already holds as many streams as it may.
    case accountAtCapacity
    /// The fan-out is shutting down: no new streams.
    case closed
}

/// Who listens to which topic of a ``StreamFanOut``, and how many streams each account holds: the fan-out's
/// state as a plain struct (no I/O), so the cap and the bookkeeping test on their own.
///
/// `Sink` is what receives a subscriber's messages (an `AsyncStream` continuation in the fan-out).
package struct SubscriberBook<Sink> {
    struct Subscriber {
        var topic: String
        var account: String
        var sink: Sink
    }

    /// The most streams one account may hold at once.
    package let maxPerAccount: Int
    package private(set) var isClosed = false
    private var subscribers: [Int: Subscriber] = [:]
    private var byTopic: [String: Set<Int>] = [:]
    private var perAccount: [String: Int] = [:]
    private var nextID = 0

    package init(maxPerAccount: Int) {
        self.maxPerAccount = max(1, maxPerAccount)
    }

    /// Every subscriber, all topics.
    package var count: Int { subscribers.count }

    /// Streams `account` holds now.
    package func count(account: String) -> Int { perAccount[account] ?? 0 }

    /// Adds a subscriber of `topic` for `account`; its id, or why not.
    package mutating func add(topic: String, account: String, sink: Sink) -> Result<Int, SubscriptionRefusal> {
        guard !isClosed else { return .failure(.closed) }
        guard count(account: account) < maxPerAccount else { return .failure(.accountAtCapacity) }
        nextID += 1
        subscribers[nextID] = Subscriber(topic: topic, account: account, sink: sink)
        byTopic[topic, default: []].insert(nextID)
        perAccount[account, default: 0] += 1
        return .success(nextID)
    }

    /// Removes a subscriber (idempotent); its sink when it was still there, to be finished.
    package mutating func remove(_ id: Int) -> Sink? {
        guard let subscriber = subscribers.removeValue(forKey: id) else { return nil }
        byTopic[subscriber.topic]?.remove(id)
        if byTopic[subscriber.topic]?.isEmpty == true { byTopic[subscriber.topic] = nil }
        perAccount[subscriber.account]? -= 1
        if perAccount[subscriber.account] == 0 { perAccount[subscriber.account] = nil }
        return subscriber.sink
    }

    /// The subscribers of `topic`, to deliver one message to.
    package func sinks(topic: String) -> [(id: Int, sink: Sink)] {
        (byTopic[topic] ?? []).compactMap { id in subscribers[id].map { (id, $0.sink) } }
    }

    /// Every subscriber (keep-alives).
    package func allSinks() -> [(id: Int, sink: Sink)] {
        subscribers.map { ($0.key, $0.value.sink) }
    }

    /// Refuses new subscribers from now on and removes every one; their sinks, to be finished.
    package mutating func close() -> [Sink] {
        isClosed = true
        let sinks = subscribers.values.map(\.sink)
        subscribers = [:]
        byTopic = [:]
        perAccount = [:]
        return sinks
    }
}
