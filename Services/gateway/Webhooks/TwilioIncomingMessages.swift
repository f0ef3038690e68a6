import Foundation
import JobRuntime
import MessageStore
import Outbox
import Postgres

/// Twilio's incoming message webhook (PROVIDERS.md §3.4), once its signature is verified: an SMS becomes
/// `sms.received` on `inbound`; a WhatsApp message (`whatsapp:`-prefixed numbers) becomes `whatsapp.received`
/// for the account's Twilio session with the `To` number (else its first Twilio session: the connected phone is
/// only known once connected), and is ignored when it has none. The first media
/// (`MediaUrl0`, `MediaContentType0`) travels as a reference. Job ids come from the `MessageSid`, so a
/// retried webhook is one job.
struct TwilioIncomingMessages: Sendable {
    let inbound: JobQueue
    let pool: PostgresPool

    func receive(_ form: FormParameters, messageSID: String, accountID: UUID) async throws {
        guard let from = form.nonEmpty("From"), let to = form.nonEmpty("To") else {
            throw WebhookError.missingField("From").problem
        }
        let text = form["Body"] ?? ""
        let media = Self.media(form)
        let account = accountID.uuidString.lowercased()
        if from.hasPrefix("whatsapp:") {
            let sender = String(from.dropFirst("whatsapp:".count))
            let ourNumber = String(to.dropFirst(to.hasPrefix("whatsapp:") ? "whatsapp:".count : 0))
            guard let sessionID = try await session(accountID: accountID, phone: ourNumber) else { return }
            let job = InboundWhatsAppJob(
                sessionId: sessionID.uuidString.lowercased(), accountId: account, engine: "twilio", from: sender,
                text: text, providerMessageId: messageSID, media: media, receivedAt: Date())
            _ = try await inbound.enqueue(
                JobRequest(
                    name: InboundWhatsAppJob.name, payload: job.encoded(),
                    id: InboundWhatsAppJob.jobID(engine: "twilio", providerMessageID: messageSID), accountID: account))
            return
        }
        let job = InboundSMSJob(
            accountId: account, provider: "twilio", providerMessageId: messageSID, from: from, text: text,
            media: media, receivedAt: Date())
        _ = try await inbound.enqueue(job.request())
    }

    static func media(_ form: FormParameters) -> InboundMedia? {
        guard let count = form.nonEmpty("NumMedia").flatMap(Int.init), count > 0, let url = form.nonEmpty("MediaUrl0")
        else { return nil }
        let mime = form.nonEmpty("MediaContentType0")
        let type = mime.map { String($0.prefix { $0 != "/" }) } ?? "media"
        return InboundMedia(type: type == "application" ? "document" : type, mime: mime, url: url)
    }

    private func session(accountID: UUID, phone: String) async throws -> UUID? {
        let rows = try await pool.query(
            """
            select id from wa_sessions where account_id = $1 and engine = 'twilio'
            order by (phone = $2) desc nulls last, (status = 'connected') desc, created_at desc limit 1
            """,
            [accountID, phone])
        return try rows.first?.decode(UUID.self, "id")
    }
}
