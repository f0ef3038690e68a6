import Foundation
import JobRuntime
import Logging
import MessageStore
import Outbox
import SendPipeline

/// Handles `sms.send` jobs through the shared ``SendPipeline`` with ``SMSSendChannel``: loads the message,
/// skips it when it is already past sending, resolves its provider, takes a token from the provider account's
/// rate limit, takes the message's send lease, asks the provider about an interrupted earlier attempt, sends,
/// and records the outcome on the message row.
package struct SMSSendHandler: Sendable {
    let pipeline: SendPipeline<SMSSendChannel>

    /// `events` receives the `sent` and `failed` changes this handler makes; `lease` is derived from the
    /// provider timeout (see ``SendStateMachine/Settings/init(providerTimeout:)``).
    package init(
        messages: MessageRepository, resolver: any SMSProviderResolver, rateLimiter: RateLimiter,
        rateLimit: SMSRateLimit = SMSRateLimit(), events: MessageEventPublisher? = nil,
        lease: SendStateMachine.Settings = SendStateMachine.Settings(providerTimeout: .seconds(15)), logger: Logger
    ) {
        pipeline = SendPipeline(
            channel: SMSSendChannel(resolver: resolver, rateLimiter: rateLimiter, rateLimit: rateLimit),
            messages: messages, events: events, settings: lease, logger: logger)
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
    package func handle(payload: [UInt8], isLastAttempt: Bool, jobID: String? = nil) async throws -> SendOutcome {
        guard let job = try? JSONDecoder().decode(SMSSendJob.self, from: Data(payload)) else {
            throw JobFailure.permanent("the sms.send payload is not {\"messageId\": uuid}")
        }
        return try await pipeline.run(messageID: job.messageId, isLastAttempt: isLastAttempt, jobID: jobID)
    }
}
