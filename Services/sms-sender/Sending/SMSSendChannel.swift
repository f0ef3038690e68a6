import Foundation
import JobRuntime
import MessageStore
import OutboundHTTP
import SendPipeline

/// The SMS side of the send pipeline: the message's provider from the account's credentials, one token from
/// that provider account's rate limit, the provider's lookup and send.
struct SMSSendChannel: SendChannel {
    let resolver: any SMSProviderResolver
    let rateLimiter: RateLimiter
    let rateLimit: SMSRateLimit

    func prepare(_ message: StoredMessage) async throws -> SendPreparation<ResolvedSMSProvider> {
        let resolved: ResolvedSMSProvider
        do {
            resolved = try await resolver.resolve(for: message)
        } catch let error as SMSSenderError {
            return .fail(code: error.code, reason: error.description)
        }
        if let wait = try await rateLimiter.take(
            resolved.rateLimitKey, burst: rateLimit.burst, perSecond: rateLimit.perSecond)
        {
            return .wait(after: wait, reason: "the provider account's rate limit")
        }
        return .ready(resolved)
    }

    func lookUp(_ message: StoredMessage, through route: ResolvedSMSProvider, since: Date) async -> SendLookupAnswer {
        switch await route.provider.findSent(Self.outbound(message, route), since: since) {
        case .found(let providerMessageID): .found(providerMessageID: providerMessageID)
        case .notFound: .notFound
        case .unsupported: .unsupported
        case .failed(let reason): .failed(reason: reason)
        }
    }

    func send(_ message: StoredMessage, through route: ResolvedSMSProvider) async -> SendAnswer {
        switch await route.provider.send(Self.outbound(message, route)) {
        case .accepted(let providerMessageID, _):
            .accepted(providerMessageID: providerMessageID)
        case .permanentFailure(let code, let reason):
            .permanentFailure(code: code, reason: reason)
        case .transientFailure(let code, let reason, let retryAfter):
            // A refusal the provider answered (429, 5xx) did not take the message; no answer at all may have.
            .transientFailure(
                code: code, reason: reason, retryAfter: retryAfter,
                mayHaveReachedProvider: OutboundHTTPError.mayHaveReachedServer(code: code))
        }
    }

    func providerName(of route: ResolvedSMSProvider) -> String { route.provider.name }

    private static func outbound(_ message: StoredMessage, _ route: ResolvedSMSProvider) -> OutboundSMS {
        OutboundSMS(
            recipient: message.recipient, text: message.body, reference: message.id.uuidString.lowercased(),
            origin: route.origin)
    }
}
