import JobRuntime
import TestSupport
import Testing

@Suite struct EnqueueTests {
    @Test func batchEnqueueKeepsOrderAndCounts() async throws {
        let fixture = try JobTestFixture()
        let requests = (0..<2500).map { JobRequest(name: "noop", text: "{\"i\":\($0)}") }
        let results = try await fixture.queue.enqueue(requests)
        #expect(results.count == 2500)
        #expect(Set(results.map(\.id)).count == 2500)
        let stats = try await fixture.queue.stats()
        #expect(stats.waiting == 2500)
        #expect(stats.enqueued == 2500)
        #expect(stats.active == 0)
    }

    @Test func explicitIDsAreDeduplicatedAtomically() async throws {
        let fixture = try JobTestFixture()
        let first = try await fixture.queue.enqueue(JobRequest(name: "send", text: "{}", id: "msg-1"))
        #expect(first == .enqueued(id: "msg-1"))
        let again = try await fixture.queue.enqueue(JobRequest(name: "send", text: "{}", id: "msg-1"))
        #expect(again == .duplicate(id: "msg-1", state: .waiting))
        // Duplicates inside one batch too, and from concurrent producers.
        let batch = try await fixture.queue.enqueue([
            JobRequest(name: "send", text: "{}", id: "msg-2"), JobRequest(name: "send", text: "{}", id: "msg-2"),
        ])
        #expect(batch[0] == .enqueued(id: "msg-2"))
        #expect(batch[1] == .duplicate(id: "msg-2", state: .waiting))
        let racers = try await withThrowingTaskGroup(of: EnqueueResult.self) { group in
            for _ in 0..<20 {
                group.addTask { try await fixture.queue.enqueue(JobRequest(name: "send", text: "{}", id: "msg-3")) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(racers.filter { if case .enqueued = $0 { true } else { false } }.count == 1)
        #expect(try await fixture.queue.stats().waiting == 3)
    }

    @Test func invalidRequestsAreRefusedBeforeAnythingIsWritten() async throws {
        let fixture = try JobTestFixture()
        await #expect(throws: JobRuntimeError.self) {
            try await fixture.queue.enqueue([JobRequest(name: "ok", text: "{}"), JobRequest(name: "", text: "{}")])
        }
        await #expect(throws: JobRuntimeError.self) {
            try await fixture.queue.enqueue(JobRequest(name: "x", text: "{}", id: "has space"))
        }
        #expect(try await fixture.queue.stats().enqueued == 0)
    }
}
