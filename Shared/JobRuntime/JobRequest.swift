/// A job to enqueue.
package struct JobRequest: Sendable {
    /// What to do; handlers dispatch on it (`sms.send`, `hunt.run`...).
    package var name: String
    /// The job's input, opaque to the runtime (usually JSON).
    package var payload: [UInt8]
    /// An explicit id makes enqueue idempotent: a second enqueue with the same id returns the existing job
    /// for as long as the job's state is kept (until completed-job retention expires). Without one, the id is
    /// the stream entry id Redis assigns.
    package var id: String?
    /// Run no earlier than this (Unix ms); nil = now.
    package var runAt: Int64?
    /// Attempts before the job is dead-lettered; nil = the queue's default.
    package var maxAttempts: Int?
    /// Carried through logs, events and retries.
    package var correlationID: String?
    /// The account the job belongs to, if any.
    package var accountID: String?

    package init(
        name: String, payload: [UInt8], id: String? = nil, runAt: Int64? = nil, maxAttempts: Int? = nil,
        correlationID: String? = nil, accountID: String? = nil
    ) {
        self.name = name
        self.payload = payload
        self.id = id
        self.runAt = runAt
        self.maxAttempts = maxAttempts
        self.correlationID = correlationID
        self.accountID = accountID
    }

    /// A job whose payload is UTF-8 text (JSON).
    package init(name: String, text: String, id: String? = nil, correlationID: String? = nil, accountID: String? = nil)
    {
        self.init(name: name, payload: Array(text.utf8), id: id, correlationID: correlationID, accountID: accountID)
    }
}

/// What an enqueue did with one request.
package enum EnqueueResult: Sendable, Equatable {
    /// Added now; the id to query it by.
    case enqueued(id: String)
    /// Added to the delayed set, due later.
    case scheduled(id: String)
    /// A job with this explicit id already exists; nothing was added.
    case duplicate(id: String, state: JobState)

    /// The job's id in every case.
    package var id: String {
        switch self {
        case .enqueued(let id), .scheduled(let id), .duplicate(let id, _): id
        }
    }
}
