import Foundation
import Hummingbird
import HuntStore
import JobRuntime
import LobstrAPI
import Logging
import Outbox

/// `POST /webhooks/lobstr/{accountId}?token=…`: Lobstr's run events (PROVIDERS.md §5.2). Lobstr signs nothing,
/// so the URL carries the account's webhook token (``LobstrController``), compared as a digest in constant
/// time; a wrong or missing token, or an account without Lobstr, is 403 alike.
///
/// `run.done` records the run once (its id) and enqueues its `lobstr.run` ingestion job (the relay in
/// hunt-orchestrator enqueues it later if Redis is down); `run.error` records the run as failed and publishes
/// `lobstr.run.error` on `events`; other events are acknowledged and ignored. Answers 202 at once (Lobstr waits
/// 30 s), also for a repeated event.
struct LobstrWebhookController: Sendable {
    let accounts: LobstrAccountStore
    let runs: LobstrRunStore
    let scraping: JobQueue
    let events: JobQueue

    func register(on group: RouterGroup<GatewayRequestContext>) {
        group.post("lobstr/:accountId") { request, context in try await receive(request, context: context) }
    }

    func receive(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let forbidden = WebhookError.invalidSignature.problem
        guard let text = AdminParameters.path("accountId", context), let accountID = UUID(uuidString: text),
            let token = request.uri.queryParameters.get("token").map({ String($0) }),
            try await accounts.isWebhookToken(token, accountID: accountID)
        else { throw forbidden }
        let body = Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
        guard let event = LobstrWebhookEvent.decode(body) else {
            throw WebhookError.malformedBody("expected Lobstr's run event JSON with an id and an event").problem
        }
        let metadata: Logger.Metadata = ["account.id": "\(accountID)", "lobstr.run": "\(event.id)"]
        switch event.event {
        case LobstrWebhookEvent.done:
            let isNew = try await runs.record(
                accountID: accountID, runID: event.id, squidID: event.squid?.id, status: .pending)
            do {
                _ = try await scraping.enqueue(ScrapingJob(accountId: accountID, runId: event.id).request)
            } catch {
                context.logger.warning(
                    "Lobstr run recorded but not enqueued; the scraping relay will", metadata: metadata)
            }
            context.logger.info("Lobstr run done", metadata: metadata.merging(["lobstr.new": "\(isNew)"]) { $1 })
        case LobstrWebhookEvent.error:
            if try await runs.record(
                accountID: accountID, runID: event.id, squidID: event.squid?.id, status: .error,
                error: "Lobstr reported run.error")
            {
                let payload: [String: String] = [
                    "accountId": accountID.uuidString.lowercased(), "runId": event.id, "squidId": event.squid?.id ?? "",
                ]
                _ = try? await events.enqueue(
                    JobRequest(
                        name: "lobstr.run.error", payload: (try? Array(JSONEncoder().encode(payload))) ?? [],
                        id: "lobstr-error-\(accountID.uuidString.lowercased())-\(event.id)",
                        accountID: accountID.uuidString.lowercased()))
            }
            context.logger.warning("Lobstr reported a failed run", metadata: metadata)
        default:
            context.logger.debug("Lobstr event ignored", metadata: metadata)
        }
        return Response(status: .accepted)
    }
}
