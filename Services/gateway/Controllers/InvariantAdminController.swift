import Domain
import Hummingbird
import JobRuntime
import MessageStore
import Outbox
import ServiceRuntime

/// `GET /api/admin/invariants` (behind ``AdminAuthMiddleware``) → 200 ``InvariantReport``
/// `{ok, violations: [{invariant, count, sampleIds}]}`: nothing unsent past the expiry, held credits equal
/// the holds of unsent messages, every queued message has a live job (see ``MessageInvariantCheck``).
struct InvariantAdminController: Sendable {
    let check: MessageInvariantCheck

    func register<Context: RequestContext>(on admin: RouterGroup<Context>) {
        admin.get("invariants") { _, _ in try Response.json(try await check.run()) }
    }
}

/// The invariant check over the gateway's stores: the expiry plus one sweep interval of grace, SMS jobs on
/// the `sms` queue, voice on `voice`, WhatsApp on the queue of every registered worker.
package func buildInvariantCheck(configuration: GatewayConfiguration, stores: ServiceStores) -> MessageInvariantCheck {
    MessageInvariantCheck(
        store: InvariantCheck(
            pool: stores.postgres, expiry: configuration.messageExpiry + configuration.expirySweepInterval)
    ) {
        let workers = try await stores.postgres.query("select id from workers order by id")
            .map { try $0.decode(String.self, "id") }
        return [
            .sms: [smsQueue(configuration: configuration, stores: stores)],
            .voice: [stores.queue(named: QueueName.voice.rawValue)],
            .whatsapp: workers.map { stores.queue(named: QueueName.whatsAppWorker($0).rawValue) },
        ]
    }
}
