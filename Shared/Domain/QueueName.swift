/// The name of a job queue (a Redis stream `ap:{q:<name>}` once the prefix and hash tag are added by
/// JobRuntime). The fixed queues are constants; each WhatsApp worker has its own command queue.
package struct QueueName: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    package let rawValue: String

    package init(rawValue: String) {
        self.rawValue = rawValue
    }

    package var description: String { rawValue }

    /// Outbound SMS jobs, consumed by `sms-sender`.
    package static let sms = QueueName(rawValue: "sms")
    /// Outbound ringless-voicemail jobs, consumed by `voice-sender`.
    package static let voice = QueueName(rawValue: "voice")
    /// Daily hunt runs, consumed by `hunt-orchestrator`.
    package static let hunt = QueueName(rawValue: "hunt")
    /// Scraping result pages to ingest as ads, consumed by `hunt-orchestrator`.
    package static let scraping = QueueName(rawValue: "scraping")
    /// Inbound replies from any channel, consumed by `hunt-orchestrator` (replies become leads).
    package static let inbound = QueueName(rawValue: "inbound")
    /// State changes for the gateway to store and fan out (dashboard, SSE, customer webhooks).
    package static let events = QueueName(rawValue: "events")

    /// Commands for one WhatsApp worker process (`wa:<workerId>`): start/stop sessions, sends.
    package static func whatsAppWorker(_ workerID: String) -> QueueName {
        QueueName(rawValue: "wa:\(workerID)")
    }
}
