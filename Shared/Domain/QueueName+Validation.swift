// Names arriving from outside (URLs, admin commands) are checked against the queues that can exist, so a
// typo answers "no such queue" instead of silently creating Redis keys.

extension QueueName {
    /// The fixed queues, in a stable order (the admin API lists them so).
    package static let fixed: [QueueName] = [.sms, .voice, .hunt, .scraping, .inbound, .events]

    /// Prefix of the per-worker command queues.
    package static let whatsAppWorkerPrefix = "wa:"

    /// A known queue: one of ``fixed``, or `wa:<workerId>` with a valid ``WorkerID``; nil otherwise.
    package init?(validating text: String) {
        if let fixed = Self.fixed.first(where: { $0.rawValue == text }) {
            self = fixed
            return
        }
        guard text.hasPrefix(Self.whatsAppWorkerPrefix),
            let worker = WorkerID(rawValue: String(text.dropFirst(Self.whatsAppWorkerPrefix.count)))
        else { return nil }
        self = .whatsAppWorker(worker.rawValue)
    }

    /// The worker a `wa:<workerId>` queue belongs to; nil for the fixed queues.
    package var workerID: WorkerID? {
        guard rawValue.hasPrefix(Self.whatsAppWorkerPrefix) else { return nil }
        return WorkerID(rawValue: String(rawValue.dropFirst(Self.whatsAppWorkerPrefix.count)))
    }
}
