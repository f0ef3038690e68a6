import Redis
import Testing

@testable import JobRuntime

/// The worker's bookkeeping of the deliveries it owns: a success stays this process's (kept alive, not
/// reclaimable as abandoned) until its acknowledgement is written, not only while the handler runs.
@Suite struct WorkerBookTests {
    private func job(_ streamID: String) throws -> Job {
        try #require(Job(entry: RedisStreamEntry(id: streamID, fields: ["name": Array("t".utf8)]), queue: "q"))
    }

    @Test func aSucceededDeliveryIsKeptAliveUntilItsAcknowledgementIsWritten() async throws {
        let book = WorkerBook(capacity: 4, workers: 1)
        let first = try job("1-0")
        book.deliver([first])
        let running = try #require(await book.nextJob())
        #expect(book.heldLonger(than: .zero) == ["1-0"])

        // The handler finished; the settler has not acknowledged it yet.
        book.succeeded(running)
        #expect(book.isHeld("1-0"))
        #expect(book.heldLonger(than: .zero) == ["1-0"])
        book.refreshed(["1-0"])
        #expect(book.heldLonger(than: .seconds(60)).isEmpty)

        // Acknowledged: nothing left to keep alive.
        book.settled([running])
        #expect(!book.isHeld("1-0"))
        #expect(book.heldLonger(than: .zero).isEmpty)
    }
}
