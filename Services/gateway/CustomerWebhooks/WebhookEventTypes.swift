/// The events an endpoint can subscribe to: the `events` queue's job names that concern an account.
enum WebhookEventTypes {
    static let all: [String] = [
        "message.status", "message.inbound", "session.status", "session.qr", "hunt.run.completed", "lead.stage",
        "lobstr.run.error", WebhookDeliverer.disabledEventName,
    ]
    static let known = Set(all)
}
