import Gateway
import Testing

/// The event fan-out's bookkeeping, without I/O: topics, the per-account cap, release, shutdown.
@Suite struct SubscriberBookTests {
    @Test func anAccountHoldsAtMostItsCapWhileOthersStillSubscribe() {
        var book = SubscriberBook<String>(maxPerAccount: 2)
        #expect(book.add(topic: "s1", account: "a", sink: "a1") == .success(1))
        #expect(book.add(topic: "s2", account: "a", sink: "a2") == .success(2))
        #expect(book.add(topic: "s1", account: "a", sink: "a3") == .failure(.accountAtCapacity))
        #expect(book.add(topic: "s1", account: "b", sink: "b1") == .success(3))
        #expect(book.count(account: "a") == 2 && book.count == 3)

        // Removing frees the slot, once.
        #expect(book.remove(1) == "a1")
        #expect(book.remove(1) == nil)
        #expect(book.count(account: "a") == 1)
        #expect(book.add(topic: "s1", account: "a", sink: "a4") == .success(4))
    }

    @Test func deliveryGoesToTheTopicsSubscribersOnly() {
        var book = SubscriberBook<String>(maxPerAccount: 5)
        _ = book.add(topic: "s1", account: "a", sink: "x")
        _ = book.add(topic: "s1", account: "b", sink: "y")
        _ = book.add(topic: "s2", account: "a", sink: "z")
        #expect(Set(book.sinks(topic: "s1").map(\.sink)) == ["x", "y"])
        #expect(book.sinks(topic: "s2").map(\.sink) == ["z"])
        #expect(book.sinks(topic: "s3").isEmpty)
        #expect(book.allSinks().count == 3)
    }

    @Test func closingEndsEveryoneAndRefusesNewcomers() {
        var book = SubscriberBook<String>(maxPerAccount: 5)
        _ = book.add(topic: "s1", account: "a", sink: "x")
        _ = book.add(topic: "s2", account: "b", sink: "y")
        #expect(Set(book.close()) == ["x", "y"])
        #expect(book.count == 0 && book.isClosed)
        #expect(book.add(topic: "s1", account: "a", sink: "z") == .failure(.closed))
    }
}
