import Foundation
import JobRuntime
import Postgres
import ServiceRuntime
import Testing

/// The Postgres mirror of dead letters, in a schema of its own.
@Suite struct DeadLetterRecorderTests {
    private func letter(jobID: String = "job-1", failedAt: Int64 = 1_714_550_000_123) -> DeadLetter {
        DeadLetter(
            deadLetterID: "1714550000123-0", queue: "sms", jobID: jobID, name: "sms.send", attempts: 3,
            error: "provider rejected", failedAt: failedAt, correlationID: "corr-1", accountID: nil,
            payload: [0x00, 0xFF, 0x10])
    }

    @Test func aDuplicateIsRecordedOnce() async throws {
        try await TestStores.with { test in
            let recorder = test.stores.deadLetterRecorder
            #expect(try await recorder.insert(letter()))
            #expect(try await !recorder.insert(letter()))
            try await recorder.record(letter())  // the protocol entry point is idempotent too
            // Same job failing again later (after a replay) is a second row.
            #expect(try await recorder.insert(letter(failedAt: 1_714_550_999_000)))
            let rows = try await test.postgres.query(
                """
                select queue, job_id, job_name, attempts, payload, error, correlation_id, account_id,
                    (extract(epoch from failed_at) * 1000)::bigint as failed_ms
                from dead_letters order by failed_at
                """)
            #expect(rows.count == 2)
            let row = try #require(rows.first)
            #expect(try row.decode(String.self, "queue") == "sms")
            #expect(try row.decode(String.self, "job_id") == "job-1")
            #expect(try row.decode(String.self, "job_name") == "sms.send")
            #expect(try row.decode(Int.self, "attempts") == 3)
            #expect(try row.decode([UInt8].self, "payload") == [0x00, 0xFF, 0x10])
            #expect(try row.decode(String.self, "error") == "provider rejected")
            #expect(try row.decode(String?.self, "correlation_id") == "corr-1")
            #expect(try row.decode(String?.self, "account_id") == nil)
            #expect(try row.decode(Int64.self, "failed_ms") == 1_714_550_000_123)
        }
    }

    @Test func replayStampsOnlyThatJobsOpenRows() async throws {
        try await TestStores.with { test in
            let recorder = test.stores.deadLetterRecorder
            try await recorder.record(letter(jobID: "job-a"))
            try await recorder.record(letter(jobID: "job-b"))
            #expect(try await recorder.markReplayed(queue: "sms", jobID: "job-a") == 1)
            #expect(try await recorder.markReplayed(queue: "sms", jobID: "job-a") == 0)  // already stamped
            #expect(try await recorder.markReplayed(queue: "voice", jobID: "job-b") == 0)  // other queue
            let replayed = try await test.postgres.query(
                "select job_id from dead_letters where replayed_at is not null order by job_id")
            #expect(try replayed.map { try $0.decode(String.self, "job_id") } == ["job-a"])
        }
    }
}
