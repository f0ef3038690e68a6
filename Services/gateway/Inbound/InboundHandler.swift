import Domain
import Foundation
import JobRuntime
import Logging
import MessageStore
import Outbox

/// Consumes the `inbound` queue: each `sms.received` or `whatsapp.received` job becomes an inbound message
/// in its conversation (``InboundStore/record(_:)``), once however often the provider or the queue delivers
/// it. Then `message.inbound` is published (the ``InboundEventRelay`` catches up when that fails), and for
/// an opt-out keyword the `failed` events of the messages it stopped. A payload that cannot be read (unknown
/// account, a sender that is not a phone number) is dead-lettered; a database error is retried.
struct InboundHandler: Sendable {
    let store: InboundStore
    let events: JobQueue
    let statusEvents: MessageEventPublisher
    let defaultRegion: PhoneRegion
    let logger: Logger

    var jobHandler: JobHandler { { job in try await handle(job) } }

    func handle(_ job: Job) async throws {
        let message = try newMessage(job)
        let record: InboundRecord
        do {
            record = try await store.record(message)
        } catch {
            throw JobFailure.transient("inbound message not recorded: \(error)")
        }
        guard case .recorded(let stored, let optOut) = record else {
            logger.debug("inbound message already recorded", metadata: ["job.id": "\(job.id)"])
            return
        }
        logger.info(
            "inbound message recorded",
            metadata: [
                "account.id": "\(stored.accountID)", "inbound.id": "\(stored.id)",
                "conversation.id": "\(stored.conversationID)", "channel": "\(stored.channel)",
                "provider.name": "\(stored.provider)", "opt_out": "\(stored.optOut)",
            ])
        if let optOut {
            await statusEvents.publish(
                optOut.failed.map {
                    MessageStatusEvent(message: $0, providerCode: UnsentFailure.recipientBlocked.rawValue)
                })
        }
        do {
            _ = try await events.enqueue(InboundMessageEvent(stored).request)
            try await store.markPublished([stored.id])
        } catch {
            logger.warning(
                "message.inbound not published; the inbound event relay will",
                metadata: ["inbound.id": "\(stored.id)", "error": "\(error)"])
        }
    }

    /// The job's message; a permanent failure when it cannot be one.
    func newMessage(_ job: Job) throws -> NewInboundMessage {
        do {
            switch job.name {
            case InboundSMSJob.name:
                let sms = try InboundJobCoding.decode(InboundSMSJob.self, job.payload)
                return NewInboundMessage(
                    accountID: try uuid(sms.accountId, "accountId"), channel: .sms, provider: sms.provider,
                    providerMessageID: sms.providerMessageId, sender: try phone(sms.from), body: sms.text,
                    media: sms.media, receivedAt: sms.receivedAt)
            case InboundWhatsAppJob.name:
                let whatsApp = try InboundJobCoding.decode(InboundWhatsAppJob.self, job.payload)
                return NewInboundMessage(
                    accountID: try uuid(whatsApp.accountId, "accountId"), channel: .whatsapp,
                    provider: whatsApp.engine, providerMessageID: whatsApp.providerMessageId,
                    sessionID: try uuid(whatsApp.sessionId, "sessionId"), sender: try phone(whatsApp.from),
                    body: whatsApp.text, media: whatsApp.media, receivedAt: whatsApp.receivedAt)
            default:
                throw JobFailure.permanent("unknown inbound job name")
            }
        } catch let failure as JobFailure {
            throw failure
        } catch {
            // Decoding errors name fields, never values.
            throw JobFailure.permanent("unreadable inbound payload: \(type(of: error))")
        }
    }

    private func uuid(_ text: String, _ field: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw JobFailure.permanent("\(field) is not a UUID") }
        return id
    }

    private func phone(_ text: String) throws -> PhoneNumber {
        let bare = text.hasPrefix("whatsapp:") ? String(text.dropFirst("whatsapp:".count)) : text
        guard let number = try? PhoneNumber(bare, defaultRegion: defaultRegion) else {
            throw JobFailure.permanent("the sender is not a phone number")
        }
        return number
    }
}
