import Foundation
import HuntStore
import JobRuntime
import Outbox

/// A finished hunt run as published on the `events` queue (job name `hunt.run.completed`, job id
/// `hunt-run:<runId>`, so a repeat is dropped):
///
/// ```json
/// {"runId":12,"huntId":"…","accountId":"…","finishedAt":"2026-12-03T08:00:01.5Z",
///  "report":{"kind":"daily","matched":40,"allocated":{"sms":30,"whatsapp.step2":5},"rerouted":1,
///            "skipped":{"no_credits":4,"sender_cap_reached":1}}}
/// ```
struct HuntRunCompletedEvent: Codable, Sendable, Equatable {
    static let name = "hunt.run.completed"

    var runId: Int64
    var huntId: String
    var accountId: String
    var finishedAt: Date
    var report: HuntRunReport

    init(_ record: HuntRunRecord) {
        runId = record.id
        huntId = record.huntID.uuidString.lowercased()
        accountId = record.accountID.uuidString.lowercased()
        finishedAt = record.finishedAt
        report = record.report
    }

    var request: JobRequest {
        JobRequest(
            name: Self.name, payload: InboundJobCoding.encode(self), id: "hunt-run:\(runId)", accountID: accountId)
    }
}
