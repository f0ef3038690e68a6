import Domain
import Foundation
import JobRuntime
import Logging
import MessageStore
import Outbox

/// Sends one message through a channel: runs ``SendStateMachine``'s actions against the message store, the
/// channel and the clock, and records the outcome on the message row (credits committed or released, events
/// published). The one send flow of every channel; see the state machine for the rules it keeps.
///
/// Failures are recorded on the row, not in the dead letters: the row is what the API and events read.
/// Transient failures throw ``JobFailure`` until the job's last attempt, which records the failure too.
package struct SendPipeline<Channel: SendChannel>: Sendable {
    let channel: Channel
    let messages: MessageRepository
    let events: MessageEventPublisher?
    let settings: SendStateMachine.Settings
    let logger: Logger

    package init(
        channel: Channel, messages: MessageRepository, events: MessageEventPublisher?,
        settings: SendStateMachine.Settings, logger: Logger
    ) {
        self.channel = channel
        self.messages = messages
        self.events = events
        self.settings = settings
        self.logger = logger
    }

    /// Runs one delivery of the send job of message `id`.
    ///
    /// - Throws: ``JobFailure`` (`permanent` for an unknown message, `transient` to retry, `rateLimited` to
    ///   wait without using an attempt), or the store's error when the database failed (retried as transient).
    package func run(messageID id: UUID, isLastAttempt: Bool, jobID: String?) async throws -> SendOutcome {
        guard let loaded = try await messages.load(id: id) else {
            throw JobFailure.permanent("message \(id) does not exist")
        }
        var attempt = Attempt(
            message: loaded, owner: UUID().uuidString.lowercased(),
            machine: SendStateMachine(settings: settings, isLastAttempt: isLastAttempt),
            metadata: ["message.id": "\(id)", "job.id": "\(jobID ?? "-")"])
        if let correlation = loaded.correlationID { attempt.metadata["correlation.id"] = "\(correlation)" }
        do {
            return try await drive(&attempt)
        } catch {
            if let providerMayHaveIt = attempt.machine.leaseLeftBeforeSend {
                // Stopped before the provider call (database failure, cancellation): free the lease at once.
                try? await messages.releaseSendLease(id: id, owner: attempt.owner, providerMayHaveIt: providerMayHaveIt)
            }
            throw error
        }
    }

    /// One attempt's moving parts.
    private struct Attempt {
        var message: StoredMessage
        let owner: String
        var machine: SendStateMachine
        var metadata: Logger.Metadata
        var route: Channel.Route?
    }

    private func drive(_ attempt: inout Attempt) async throws -> SendOutcome {
        let message = attempt.message
        var action = attempt.machine.loaded(status: message.status)
        while true {
            switch action {
            case .prepare:
                let preparation = try await channel.prepare(message)
                if case .ready(let route) = preparation {
                    attempt.route = route
                    attempt.metadata["provider.name"] = "\(channel.providerName(of: route))"
                }
                if case .notHere = preparation {
                    logger.info("message is not this sender's to send, skipped", metadata: attempt.metadata)
                }
                action = attempt.machine.prepared(preparation, status: message.status)
            case .acquireLease(let duration):
                let requestedAt = ContinuousClock.now
                let answer = try await messages.acquireSendLease(
                    id: message.id, owner: attempt.owner, duration: duration)
                action = attempt.machine.leaseAnswered(answer, requestedAt: requestedAt)
                if case .heldElsewhere = answer {
                    logger.info("another delivery holds the send lease; not sent here", metadata: attempt.metadata)
                }
            case .lookUp(let since):
                let answer = await channel.lookUp(message, through: try route(attempt), since: since)
                log(lookup: answer, metadata: attempt.metadata)
                action = attempt.machine.lookedUp(answer)
            case .checkLease:
                try Task.checkCancellation()
                action = attempt.machine.leaseChecked(at: .now)
                if case .releaseLease = action {
                    logger.warning(
                        "send lease ran short before the provider call; not sent", metadata: attempt.metadata)
                }
            case .send:
                let answer = await channel.send(message, through: try route(attempt))
                action = attempt.machine.sent(answer)
            case .recordSent(let providerMessageID):
                try await recordSent(message, providerMessageID: providerMessageID, route: try route(attempt))
                logger.info("message sent", metadata: attempt.metadata)
                return .sent(providerMessageID: providerMessageID)
            case .recordFailure(let code, let reason):
                logger.warning(
                    "message failed", metadata: attempt.metadata.merging(["provider.code": "\(code)"]) { $1 })
                try await fail(message, code: code, reason: reason)
                return .failed(code: code)
            case .releaseLease(let providerMayHaveIt, let retry):
                try await messages.releaseSendLease(
                    id: message.id, owner: attempt.owner, providerMayHaveIt: providerMayHaveIt)
                throw Self.failure(for: retry)
            case .retry(let retry):
                throw Self.failure(for: retry)
            case .finish(let outcome):
                logger.debug("message not sent by this delivery", metadata: attempt.metadata)
                return outcome
            }
        }
    }

    private func route(_ attempt: Attempt) throws -> Channel.Route {
        guard let route = attempt.route else { throw JobFailure.transient("the send pipeline lost its route") }
        return route
    }

    /// Records `sent` and publishes it. A failure here retries the job, which would ask the provider again:
    /// the row write is the one step that must not be lost after an acceptance, so it gets a few quick tries.
    private func recordSent(_ message: StoredMessage, providerMessageID: String, route: Channel.Route) async throws {
        var attempt = 1
        while true {
            do {
                let sent = try await messages.markSent(
                    id: message.id, provider: channel.providerName(of: route), providerMessageID: providerMessageID)
                if sent.changed { await events?.publish(sent.message) }
                return
            } catch {
                guard attempt < 3 else { throw error }
                try await Task.sleep(for: .milliseconds(100 * attempt))
                attempt += 1
            }
        }
    }

    /// Marks the message `failed` with the code (releasing its credit hold) and publishes it. The reason is
    /// redacted first: providers quote phone numbers in their error texts.
    private func fail(_ message: StoredMessage, code: String, reason: String) async throws {
        let safeReason = PersonalDataRedaction.redacted(reason)
        let failed = try await messages.markFailed(id: message.id, errorCode: code, errorMessage: safeReason)
        if failed.changed { await events?.publish(failed.message, providerCode: code, detail: safeReason) }
    }

    private static func failure(for retry: SendStateMachine.Retry) -> JobFailure {
        switch retry {
        case .later(let after, _):
            .rateLimited(retryAfter: after)
        case .transient(let reason, let after):
            .transient(PersonalDataRedaction.redacted(reason), retryAfter: after)
        }
    }

    private func log(lookup: SendLookupAnswer, metadata: Logger.Metadata) {
        switch lookup {
        case .found:
            logger.info(
                "message found at the provider after an interrupted attempt, not sent again", metadata: metadata)
        case .unsupported:
            logger.warning(
                "message sent again after an interrupted attempt; the provider cannot be asked", metadata: metadata)
        case .notFound:
            logger.info("an interrupted attempt did not reach the provider; sending", metadata: metadata)
        case .pending, .failed:
            logger.info("an interrupted attempt's outcome is not known yet", metadata: metadata)
        }
    }
}
