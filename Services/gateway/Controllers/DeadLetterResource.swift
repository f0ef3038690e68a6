import Foundation
import JobRuntime

/// A dead letter as the admin API shows it:
///
/// ```json
/// {"accountId":"acct-1","attempts":3,"correlationId":"c-1","deadLetterId":"1714550000000-0","error":"...",
///  "failedAt":1714550000000,"jobId":"job-1","name":"sms.send","payload":"eyJ0byI6...","queue":"sms"}
/// ```
///
/// `payload` is the job's bytes in base64 (payloads are opaque to the runtime, not always UTF-8);
/// `failedAt` is Unix milliseconds, like every time of the job runtime.
package struct DeadLetterResource: Sendable, Hashable, Codable {
    package var deadLetterId: String
    package var queue: String
    package var jobId: String
    package var name: String
    package var attempts: Int
    package var error: String
    package var failedAt: Int64
    package var correlationId: String?
    package var accountId: String?
    package var payload: String

    package init(_ letter: DeadLetter) {
        deadLetterId = letter.deadLetterID
        queue = letter.queue
        jobId = letter.jobID
        name = letter.name
        attempts = letter.attempts
        error = letter.error
        failedAt = letter.failedAt
        correlationId = letter.correlationID
        accountId = letter.accountID
        payload = Data(letter.payload).base64EncodedString()
    }
}
