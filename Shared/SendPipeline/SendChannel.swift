import Foundation
import MessageStore

/// Whether a message can go now, as a channel sees it.
package enum SendPreparation<Route: Sendable>: Sendable {
    /// It can: send through `route` (a resolved provider, an open session).
    case ready(Route)
    /// It never will as it is (no credentials, session logged out): fail it with this code.
    case fail(code: String, reason: String)
    /// Not now (rate limit, pacing, a session reconnecting): try again after `after`, without using an attempt.
    case wait(after: Duration, reason: String)
    /// It is not this sender's to send (its session was moved elsewhere, where another job sends it).
    case notHere(reason: String)
}

/// What a provider says about an earlier attempt whose outcome was not recorded.
package enum SendLookupAnswer: Sendable, Hashable {
    /// It has the message under this id: record it, do not send again.
    case found(providerMessageID: String)
    /// It has no such message: sending again is safe.
    case notFound
    /// It cannot be asked: sending again may duplicate the message.
    case unsupported
    /// Not known yet (reported later, e.g. by a webhook): ask again after `after`.
    case pending(after: Duration)
    /// The question could not be answered now.
    case failed(reason: String)
}

/// What a provider answered to one send.
package enum SendAnswer: Sendable, Hashable {
    case accepted(providerMessageID: String)
    /// Will not succeed as it is.
    case permanentFailure(code: String, reason: String)
    /// May pass later. `mayHaveReachedProvider` is true when no answer came (a timeout, a dropped connection):
    /// the provider may hold the message, so the next attempt asks before sending.
    case transientFailure(code: String, reason: String, retryAfter: Duration?, mayHaveReachedProvider: Bool)
}

/// One channel's part of the send pipeline (SMS providers, WhatsApp sessions, voice): how to route a message,
/// ask about an earlier attempt and send. The pipeline does the rest: leases, the order of steps, the record.
package protocol SendChannel: Sendable {
    associatedtype Route: Sendable

    /// Decides whether `message` can go now, taking its rate-limit or pacing token when it can.
    func prepare(_ message: StoredMessage) async throws -> SendPreparation<Route>

    /// Asks whether the attempt marked at `since` reached the provider.
    func lookUp(_ message: StoredMessage, through route: Route, since: Date) async -> SendLookupAnswer

    /// Hands the message to the provider once.
    func send(_ message: StoredMessage, through route: Route) async -> SendAnswer

    /// The provider's name to store on the message (`twilio`, `cloud`, …).
    func providerName(of route: Route) -> String
}
