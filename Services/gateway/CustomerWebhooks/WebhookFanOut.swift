import Foundation
import JobRuntime

/// The `events` queue's handler for customer webhooks: each event of an account becomes one delivery per
/// endpoint that wants it, with the body every attempt will send (Standard Webhooks' envelope):
///
/// ```json
/// {"type": "message.status", "timestamp": "2026-12-04T10:00:00Z", "data": {"messageId": "…", "status": "delivered"}}
/// ```
///
/// The event's job id is its `webhook-id`: an event published twice (a relay and its original) is one
/// delivery. Recorded before the job is acknowledged, so a crash in between redelivers, never loses, it.
struct WebhookFanOut: Sendable {
    let deliveries: WebhookDeliveryStore

    func handle(_ job: Job) async throws {
        guard WebhookEventTypes.known.contains(job.name), let account = job.accountID.flatMap(UUID.init(uuidString:)),
            (try? JSONSerialization.jsonObject(with: Data(job.payload))) is [String: Any]
        else { return }
        let timestamp = Date(timeIntervalSince1970: Double(job.createdAt) / 1000).formatted(.iso8601)
        let body =
            #"{"type":"\#(job.name)","timestamp":"\#(timestamp)","data":"#
            + String(decoding: job.payload, as: UTF8.self) + "}"
        try await deliveries.fanOut(accountID: account, eventID: job.id, eventType: job.name, payload: body)
    }
}
