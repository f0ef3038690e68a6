import JobRuntime
import MessageStore

/// The `voice.send` job on the `voice` queue: the payload and job id of ``SMSSendJob`` (`{"messageId"}`, the
/// message id), under its own name. It makes the message a member of its voice campaign.
package enum VoiceSendJob {
    package static let name = "voice.send"

    /// The enqueue request for `message` (delayed until its schedule, if any).
    package static func request(for message: StoredMessage) -> JobRequest {
        SMSSendJob.request(for: message, name: name)
    }
}
