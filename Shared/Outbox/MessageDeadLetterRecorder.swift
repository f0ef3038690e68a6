import Foundation
import JobRuntime
import Logging
import MessageStore

/// The dead-letter recorder of the message senders: mirrors every dead letter through `recording` (the
/// `dead_letters` table), and when the dead job is a message's send job (`sms.send`, `wa.send`, whose job id
/// is the message id) fails that message with code `dead_lettered`, releases its credit hold and publishes
/// its `message.status` event. The job runtime calls it both after a last failed attempt and when a job
/// stalled too often, so no message stays `queued` behind a dead job.
///
/// A message that was already sent (or is final) is left alone; the mirror is written even when failing
/// the message does not work, and the first error is rethrown for the runtime to log.
package struct MessageDeadLetterRecorder: DeadLetterRecorder {
    /// The job names whose id is a message id.
    package static let messageJobNames: Set<String> = [SMSSendJob.name, WhatsAppSendJob.name]

    let recording: any DeadLetterRecorder
    let messages: MessageRepository
    let events: MessageEventPublisher
    let logger: Logger

    package init(
        recording: any DeadLetterRecorder, messages: MessageRepository, events: MessageEventPublisher, logger: Logger
    ) {
        self.recording = recording
        self.messages = messages
        self.events = events
        self.logger = logger
    }

    package func record(_ letter: DeadLetter) async throws {
        var firstError: (any Error)?
        do {
            try await recording.record(letter)
        } catch {
            firstError = error
        }
        do {
            try await failMessage(of: letter)
        } catch {
            firstError = firstError ?? error
        }
        if let firstError { throw firstError }
    }

    /// Fails the message of a dead send job, if it is still unsent.
    func failMessage(of letter: DeadLetter) async throws {
        guard Self.messageJobNames.contains(letter.name), let id = UUID(uuidString: letter.jobID) else { return }
        guard let failed = try await messages.failUnsent(id: id, reason: .deadLettered) else { return }
        logger.warning(
            "message failed: its send job was dead-lettered",
            metadata: ["message.id": "\(id)", "queue.name": "\(letter.queue)", "job.attempt": "\(letter.attempts)"])
        await events.publish(
            failed, providerCode: UnsentFailure.deadLettered.rawValue,
            detail: UnsentFailure.deadLettered.explanation)
    }
}
