import Domain
import Foundation
import JobRuntime
import Logging
import MessageStore
import Outbox
import SendPipeline
import VoicePartnerAPI

/// One send attempt of one voice campaign: ``SendStateMachine``'s actions run against the campaign row (its
/// lease is the lease of every member), the account's Voice Partner key and rate limit, and Voice Partner.
/// The same rules as every channel's send: the provider is called only under a live lease with time left;
/// an attempt whose answer was lost is never repeated blindly: Voice Partner cannot be asked about a campaign
/// by our reference, but it calls the campaign's `notifyUrl`, which carries the campaign's id, so the next
/// attempt waits for that callback (``VoiceSendPolicy/outcomeGrace``) and records the campaign sent when it
/// came, or fails the members `outcome_unknown` when it did not.
struct VoiceCampaignAttempt: Sendable {
    let campaigns: VoiceCampaignStore
    let credentials: ChannelCredentialStore
    let client: VoicePartnerClient
    let rateLimiter: RateLimiter
    let policy: VoiceSendPolicy
    /// `<public gateway URL>/webhooks/voicepartner`, where Voice Partner's callbacks go; nil: none asked for.
    let callbackBase: String?
    let events: MessageEventPublisher?
    let logger: Logger

    /// What the attempt did, for logs and tests.
    enum Outcome: Sendable, Hashable {
        case sent(members: Int)
        case failed(code: String, members: Int)
        /// Not sent now; due again later (rate limit, lease elsewhere, retry, waiting for the callback), not
        /// before `after` when known.
        case later(after: Duration?)
        case skipped
    }

    func run(campaignID: UUID) async throws -> Outcome {
        guard let campaign = try await campaigns.find(id: campaignID) else { return .skipped }
        let owner = UUID().uuidString.lowercased()
        let pastGrace = campaign.sendStartedAt.map {
            Duration.seconds(Date().timeIntervalSince($0)) > policy.outcomeGrace
        }
        var machine = SendStateMachine(
            settings: policy.lease,
            isLastAttempt: campaign.sendAttempts + 1 >= policy.maxAttempts || pastGrace == true)
        var metadata: Logger.Metadata = [
            "campaign.id": "\(campaignID)", "campaign.kind": "\(campaign.kind.rawValue)",
            "account.id": "\(campaign.accountID)",
        ]
        var route: VoicePartnerRoute?
        var action = machine.loaded(status: campaign.messageStatus)
        do {
            while true {
                switch action {
                case .prepare:
                    let preparation = try await prepare(campaign)
                    if case .ready(let ready) = preparation { route = ready }
                    action = machine.prepared(preparation, status: campaign.messageStatus)
                case .acquireLease(let duration):
                    let requestedAt = ContinuousClock.now
                    let answer = try await campaigns.acquireSendLease(id: campaignID, owner: owner, duration: duration)
                    action = machine.leaseAnswered(answer, requestedAt: requestedAt)
                case .lookUp:
                    action = machine.lookedUp(try await lookUp(campaignID, pastGrace: pastGrace == true))
                case .checkLease:
                    try Task.checkCancellation()
                    action = machine.leaseChecked(at: .now)
                case .send:
                    guard let route else { throw JobFailure.transient("the voice attempt lost its route") }
                    let (answer, count) = try await send(campaign, through: route)
                    metadata["campaign.size"] = "\(count)"
                    action = machine.sent(answer)
                case .recordSent(let providerCampaignID):
                    let sent = try await campaigns.recordSent(id: campaignID, providerCampaignID: providerCampaignID)
                    await events?.publish(sent.map { MessageStatusEvent(message: $0) })
                    logger.info(
                        "voice campaign sent", metadata: metadata.merging(["campaign.sent": "\(sent.count)"]) { $1 })
                    return .sent(members: sent.count)
                case .recordFailure(let code, let reason):
                    let safeReason = PersonalDataRedaction.redacted(reason)
                    let failed = try await campaigns.recordFailure(id: campaignID, code: code, explanation: safeReason)
                    await events?.publish(
                        failed.map { MessageStatusEvent(message: $0, providerCode: code, detail: safeReason) })
                    logger.warning(
                        "voice campaign failed", metadata: metadata.merging(["provider.code": "\(code)"]) { $1 })
                    return .failed(code: code, members: failed.count)
                case .releaseLease(let providerMayHaveIt, let retry):
                    try await campaigns.releaseSendLease(
                        id: campaignID, owner: owner, providerMayHaveIt: providerMayHaveIt,
                        retryAfter: delay(retry, attempts: campaign.sendAttempts + 1))
                    logger.info("voice campaign not sent now", metadata: metadata.merging(reason(retry)) { $1 })
                    return .later(after: nil)
                case .retry(let retry):
                    // No lease to give back (a rate limit before leasing), or one kept until it runs out (a send that
                    // got no answer may still be in flight): the campaign is due again once the lease is free.
                    logger.debug("voice campaign not sent now", metadata: metadata.merging(reason(retry)) { $1 })
                    if case .later(let after, _) = retry { return .later(after: after) }
                    return .later(after: nil)
                case .finish:
                    return .skipped
                }
            }
        } catch {
            if let providerMayHaveIt = machine.leaseLeftBeforeSend {
                try? await campaigns.releaseSendLease(
                    id: campaignID, owner: owner, providerMayHaveIt: providerMayHaveIt, retryAfter: .seconds(1))
            }
            throw error
        }
    }

    /// The account's key, and a token from its rate limit for this kind of request.
    private func prepare(_ campaign: VoiceCampaign) async throws -> SendPreparation<VoicePartnerRoute> {
        guard let route = try await VoicePartnerRoute.open(accountID: campaign.accountID, from: credentials) else {
            return .fail(
                code: "credentials_missing",
                reason:
                    "the account has no Voice Partner credentials (PUT /api/channels/voice/credentials/voicepartner)"
            )
        }
        let (burst, perSecond) =
            campaign.kind == .drop
            ? (policy.dropBurst, policy.dropsPerMinute / 60)
            : (max(1, Int(policy.callsPerHour / 60)), policy.callsPerHour / 3600)
        if let wait = try await rateLimiter.take(route.rateLimitKey(campaign.kind), burst: burst, perSecond: perSecond)
        {
            return .wait(after: wait, reason: "Voice Partner's rate limit")
        }
        return .ready(route)
    }

    /// After an attempt whose answer was lost: the campaign id the callback brought, if it came.
    private func lookUp(_ campaignID: UUID, pastGrace: Bool) async throws -> SendLookupAnswer {
        if let known = try await campaigns.find(id: campaignID)?.providerCampaignID {
            return .found(providerMessageID: known)
        }
        if pastGrace { return .failed(reason: "Voice Partner did not call back about the campaign") }
        return .pending(after: .seconds(15))
    }

    /// Sends the members still waiting in one request.
    private func send(_ campaign: VoiceCampaign, through route: VoicePartnerRoute) async throws
        -> (SendAnswer, Int)
    {
        let members = try await campaigns.members(of: campaign.id)
        guard let first = members.first else {
            return (.permanentFailure(code: "no_members", reason: "every member was settled before sending"), 0)
        }
        let numbers = members.map(\.recipient)
        let notifyURL = callbackBase.map { base in
            "\(base)/\(campaign.kind == .drop ? "drops" : "calls")/\(campaign.id.uuidString.lowercased())?token=\(campaign.callbackToken)"
        }
        let sender = campaign.sender.isEmpty ? route.credentials.sender : campaign.sender
        let result: VoicePartnerSendResult
        switch campaign.kind {
        case .drop:
            result = await client.send(
                VoicePartnerDropRequest(
                    apiKey: route.credentials.apiKey, tokenAudio: campaign.audioToken, phoneNumbers: numbers,
                    sender: sender, notifyURL: notifyURL))
        case .tts:
            let content = first.content
            result = await client.send(
                VoicePartnerTTSRequest(
                    apiKey: route.credentials.apiKey, text: content?.text ?? "", lang: content?.lang ?? "fr",
                    speechRate: content?.speechRate, phoneNumbers: numbers, notifyURL: notifyURL))
        }
        return (Self.answer(result), members.count)
    }

    static func answer(_ result: VoicePartnerSendResult) -> SendAnswer {
        switch result {
        case .accepted(let campaignID, _):
            return .accepted(providerMessageID: campaignID)
        case .refused(let refusal, let retryAfter):
            let code = "voicepartner_\(refusal.code.map(String.init) ?? "http_\(refusal.httpStatus)")"
            if refusal.kind == .permanent { return .permanentFailure(code: code, reason: refusal.explanation) }
            return .transientFailure(
                code: code, reason: refusal.explanation, retryAfter: retryAfter, mayHaveReachedProvider: false)
        case .unanswered(let reason, _):
            // No answer: Voice Partner may have the campaign, whatever the error, so it is never a final failure
            // here; the next attempt waits for the callback before anything else.
            return .transientFailure(
                code: "voicepartner_unanswered", reason: reason, retryAfter: nil, mayHaveReachedProvider: true)
        }
    }

    private func delay(_ retry: SendStateMachine.Retry, attempts: Int) -> Duration {
        switch retry {
        case .later(let after, _): after
        case .transient(_, let after): after ?? .seconds(min(60, 1 << min(attempts, 6)))
        }
    }

    private func reason(_ retry: SendStateMachine.Retry) -> Logger.Metadata {
        switch retry {
        case .later(_, let reason): ["retry.reason": "\(reason)"]
        case .transient(let reason, _): ["retry.reason": "\(PersonalDataRedaction.redacted(reason))"]
        }
    }
}
