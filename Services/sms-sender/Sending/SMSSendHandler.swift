import Foundation
import JobRuntime
import Logging
import MessageStore
import OutboundHTTP
import Outbox

/// Handles `sms.send` jobs: loads the message, skips it when it is already past sending, resolves its
/// provider, takes a token from the provider account's rate limit, sends, and records the outcome on the
/// message row.
///
/// Failures are recorded on the row, not in the dead letters: a permanent failure marks the message
/// `failed` (keeping the provider's code, releasing the credit hold) and the job completes, because the
/// row is the record the API and events read, and a dead letter could only ever be replayed into a
/// no-op. Transient failures throw ``JobFailure/transient(_:retryAfter:)`` until the job's last attempt,
/// which marks the message `failed` the same way.
package struct SMSSendHandler: Sendable {
    let messages: MessageRepository
    let resolver: any SMSProviderResolver
    let rateLimiter: RateLimiter
    let rateLimit: SMSRateLimit
    let events: MessageEventPublisher?
    let logger: Logger

    /// `events` receives the `sent` and `failed` changes this handler makes.
    package init(
        messages: MessageRepository, resolver: any SMSProviderResolver, rateLimiter: RateLimiter,
        rateLimit: SMSRateLimit = SMSRateLimit(), events: MessageEventPublisher? = nil, logger: Logger
    ) {
        self.messages = messages
        self.resolver = resolver
        self.rateLimiter = rateLimiter
        self.rateLimit = rateLimit
        self.events = events
        self.logger = logger
    }

    /// The closure a `JobWorker` on the `sms` queue runs.
    package var jobHandler: JobHandler {
        { job in
            guard job.name == SMSSendJob.name else {
                throw JobFailure.permanent("the sms queue has no handler for \(job.name)")
            }
            _ = try await handle(payload: job.payload, isLastAttempt: job.isLastAttempt, jobID: job.id)
        }
    }

    /// Handles one delivery of an `sms.send` job whose payload is `payload`.
    ///
    /// - Throws: ``JobFailure`` (`permanent` for an unreadable payload or an unknown message, `transient`
    ///   to retry, `rateLimited` to wait without using an attempt), or the store's error when the database
    ///   failed (retried as transient).
    @discardableResult
    package func handle(payload: [UInt8], isLastAttempt: Bool, jobID: String? = nil) async throws -> SMSSendOutcome {
        guard let job = try? JSONDecoder().decode(SMSSendJob.self, from: Data(payload)) else {
            throw JobFailure.permanent("the sms.send payload is not {\"messageId\": uuid}")
        }
        guard let message = try await messages.load(id: job.messageId) else {
            throw JobFailure.permanent("message \(job.messageId) does not exist")
        }
        var metadata: Logger.Metadata = ["message.id": "\(message.id)", "job.id": "\(jobID ?? "-")"]
        if let correlation = message.correlationID { metadata["correlation.id"] = "\(correlation)" }
        if message.status.isPastSending {
            logger.debug("sms already handled, skipped", metadata: metadata)
            return .skipped(message.status)
        }
        let resolved: ResolvedSMSProvider
        do {
            resolved = try await resolver.resolve(for: message)
        } catch let error as SMSSenderError {
            logger.warning("sms cannot be sent", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            try await fail(message, code: error.code, reason: error.description)
            return .failed(code: error.code)
        }
        metadata["provider.name"] = "\(resolved.provider.name)"
        if let wait = try await rateLimiter.take(
            resolved.rateLimitKey, burst: rateLimit.burst, perSecond: rateLimit.perSecond)
        {
            throw JobFailure.rateLimited(retryAfter: wait)
        }
        let sms = OutboundSMS(
            recipient: message.recipient, text: message.body, reference: message.id.uuidString.lowercased(),
            origin: resolved.origin)
        if let previousClaim = try await messages.claimSend(id: message.id) {
            // An earlier attempt may have reached the provider without its answer being recorded.
            switch await resolved.provider.findSent(sms, since: previousClaim) {
            case .found(let providerMessageID):
                logger.info(
                    "sms found at the provider after an interrupted attempt, not sent again", metadata: metadata)
                return try await record(
                    .accepted(providerMessageID: providerMessageID, segments: nil), of: message,
                    provider: resolved.provider.name, isLastAttempt: isLastAttempt, metadata: metadata)
            case .notFound:
                break
            case .unsupported:
                logger.warning(
                    "sms sent again after an interrupted attempt; the provider cannot be asked whether it has it",
                    metadata: metadata)
            case .failed(let reason):
                guard isLastAttempt else {
                    throw JobFailure.transient("cannot ask the provider about an earlier attempt: \(reason)")
                }
                try await fail(message, code: "outcome_unknown", reason: "an earlier attempt's outcome is unknown")
                return .failed(code: "outcome_unknown")
            }
        }
        let result = await resolved.provider.send(sms)
        if case .transientFailure(let code, _, _) = result, !Self.mayHaveReachedProvider(code) {
            // The provider answered without taking the message: the next attempt need not ask first.
            try? await messages.releaseSendClaim(id: message.id)
        }
        return try await record(
            result, of: message, provider: resolved.provider.name, isLastAttempt: isLastAttempt,
            metadata: metadata)
    }

    /// Whether a transient failure leaves the provider possibly holding the message: no answer came
    /// (timeout, dropped connection, unreadable reply). A refusal it answered (429, 5xx) did not take it.
    static func mayHaveReachedProvider(_ code: String) -> Bool {
        OutboundHTTPError.mayHaveReachedServer(code: code)
    }
}
