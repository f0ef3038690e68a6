import Cryptography
import Foundation
import Hummingbird
import MessageStore
import Outbox
import VoicePartnerAPI

/// Voice Partner's status callbacks (PROVIDERS.md §2.6), on the `notifyUrl` each campaign asks for. Voice
/// Partner signs nothing, so the URL carries the campaign's own random secret (`token`), compared in constant
/// time; an unknown campaign or a wrong token is 404, whichever it is.
///
/// - `GET /webhooks/voicepartner/drops/{campaignId}?token=…&campaign_id=…&delivered_quantity=…&total_quantity=…`:
///   the drop campaign's aggregate, recorded on the campaign and shown on each member; when every number was
///   delivered the members become `delivered`. It also tells an attempt whose answer was lost that Voice
///   Partner took the campaign (``VoiceCampaignStore/recordDropReport(id:providerCampaignID:delivered:total:)``).
/// - `POST /webhooks/voicepartner/calls/{campaignId}?token=…` with the per-number JSON of a text-to-speech
///   call: `delivered` / `undelivered` applied to that member, with `additionnal_status` as its provider code.
///
/// Both answer 200 `{"received": true}` once recorded (also for a status that changes nothing).
struct VoicePartnerWebhookController: Sendable {
    let campaigns: VoiceCampaignStore
    let messages: MessageRepository
    let events: MessageEventPublisher

    func register(on group: RouterGroup<GatewayRequestContext>) {
        group.get("voicepartner/drops/:campaignId") { request, context in try await drop(request, context: context) }
        group.post("voicepartner/calls/:campaignId") { request, context in try await call(request, context: context) }
    }

    func drop(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let campaign = try await verified(request, context: context)
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        guard let report = VoicePartnerDropCallback(query: query) else {
            throw WebhookError.malformedBody(
                "campaign_id, delivered_quantity and total_quantity (0 ≤ delivered ≤ total) are required"
            ).problem
        }
        if let recorded = try await campaigns.recordDropReport(
            id: campaign.id, providerCampaignID: report.campaignID, delivered: report.delivered, total: report.total)
        {
            await events.publish(recorded.delivered.map { MessageStatusEvent(message: $0) })
        }
        context.logger.info(
            "Voice Partner campaign report recorded",
            metadata: [
                "campaign.id": "\(campaign.id)", "campaign.delivered": "\(report.delivered)",
                "campaign.total": "\(report.total)",
            ])
        return try Self.received()
    }

    func call(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let campaign = try await verified(request, context: context)
        let body = Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
        guard let report = VoicePartnerTTSCallback.decode(body) else {
            throw WebhookError.malformedBody("expected Voice Partner's text-to-speech status JSON").problem
        }
        guard let recipient = report.e164 else { throw WebhookError.invalidField("phoneNumber").problem }
        if campaign.providerCampaignID == nil {
            try await campaigns.learnProviderCampaignID(id: campaign.id, providerCampaignID: report.campaignID)
        }
        let status: MessageStatus? =
            switch report.status {
            case "delivered": .delivered
            case "undelivered": .undelivered
            default: nil
            }
        if let status {
            do {
                let result = try await messages.recordProviderStatus(
                    provider: VoicePartnerCredentials.provider,
                    providerMessageID: VoiceCampaign.providerMessageID(
                        campaignID: campaign.providerCampaignID ?? report.campaignID, recipient: recipient),
                    status: status, providerCode: report.additionalStatus, detail: nil)
                if result.changed { await events.publish(result.message, providerCode: report.additionalStatus) }
            } catch {
                guard Self.isNotApplicable(error) else { throw error }
                // Not sent yet (the attempt's answer was lost: it learns the campaign id from this callback and
                // records it sent), or already final: nothing to apply.
                context.logger.info(
                    "Voice Partner call status not applied", metadata: ["campaign.id": "\(campaign.id)"])
            }
        }
        return try Self.received()
    }

    /// The campaign the path names, when the token matches its secret.
    private func verified(_ request: Request, context: GatewayRequestContext) async throws -> VoiceCampaign {
        let unknown = ProblemDetails(
            status: .notFound, type: "urn:auto-prospect:problem:unknown-campaign",
            detail: "No voice campaign matches this callback URL.")
        guard let text = AdminParameters.path("campaignId", context), let id = UUID(uuidString: text),
            let token = request.uri.queryParameters.get("token").map({ String($0) }),
            let campaign = try await campaigns.find(id: id),
            ConstantTime.isEqual(token, campaign.callbackToken)
        else { throw unknown }
        return campaign
    }

    private static func isNotApplicable(_ error: MessageStoreError) -> Bool {
        switch error {
        case .messageNotFound, .invalidTransition: true
        default: false
        }
    }

    private static func received() throws -> Response {
        try Response.json(["received": true])
    }
}
