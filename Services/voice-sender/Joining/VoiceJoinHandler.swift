import Foundation
import JobRuntime
import Logging
import MessageStore
import Outbox

/// Handles `voice.send` jobs: the message joins its voice campaign (``VoiceCampaignStore/join(messageID:)``),
/// which ``VoiceCampaignSender`` sends. Joining is one transaction and idempotent, so a redelivered job (a
/// crash after the commit, before the acknowledgement) finds the message a member already and does nothing.
package struct VoiceJoinHandler: Sendable {
    let campaigns: VoiceCampaignStore
    let events: MessageEventPublisher?
    let messages: MessageRepository
    let logger: Logger
    /// When a drop whose number is in the open campaign of its key tries again.
    let retryWhenNumberIsTaken: Duration

    package init(
        campaigns: VoiceCampaignStore, messages: MessageRepository, events: MessageEventPublisher?,
        retryWhenNumberIsTaken: Duration = .seconds(3), logger: Logger
    ) {
        self.campaigns = campaigns
        self.retryWhenNumberIsTaken = retryWhenNumberIsTaken
        self.messages = messages
        self.events = events
        self.logger = logger
    }

    /// The closure a `JobWorker` on the `voice` queue runs.
    package var jobHandler: JobHandler {
        { job in
            guard job.name == VoiceSendJob.name else {
                throw JobFailure.permanent("the voice queue has no handler for \(job.name)")
            }
            guard let payload = try? JSONDecoder().decode(SMSSendJob.self, from: Data(job.payload)) else {
                throw JobFailure.permanent("the voice.send payload is not {\"messageId\": uuid}")
            }
            _ = try await handle(messageID: payload.messageId)
        }
    }

    /// Joins the message to its campaign.
    ///
    /// - Throws: ``JobFailure/permanent(_:)`` for an unknown message; the store's error (retried).
    @discardableResult
    package func handle(messageID: UUID) async throws -> VoiceJoin {
        let joined: VoiceJoin
        do {
            joined = try await campaigns.join(messageID: messageID)
        } catch .messageNotFound {
            throw JobFailure.permanent("voice message \(messageID) does not exist")
        }
        if case .numberAlreadyInCampaign = joined {
            // Not an attempt used: the open campaign goes within its quiet time.
            throw JobFailure.rateLimited(retryAfter: retryWhenNumberIsTaken)
        }
        if case .notWaiting(.failed) = joined, let message = try? await messages.load(id: messageID) {
            // Failed just now because its number is blocked (or before): publishing twice is de-duplicated.
            await events?.publish(message)
        }
        logger.debug("voice message joined its campaign", metadata: ["message.id": "\(messageID)"])
        return joined
    }
}
