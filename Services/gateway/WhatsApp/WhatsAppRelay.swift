import Domain
import Foundation
import Logging
import MessageStore
import Outbox
import ServiceRuntime

/// The outbox relay of WhatsApp messages accepted while Redis was down: each pending message goes as
/// `wa.send` to the queue of the worker its session is routed to. Messages of a session without a route are
/// skipped (the pass goes on with newer rows) and offered again next pass; the expiry sweeper fails them if
/// no route ever appears.
package func buildWhatsAppRelay(
    stores: ServiceStores, logger: Logger, minimumAge: Duration = .seconds(10), batchSize: Int = 500
) -> OutboxRelay {
    let keys = SessionKeys(prefix: stores.redisPrefix)
    return OutboxRelay(
        messages: MessageRepository(pool: stores.postgres, logger: logger), channel: .whatsapp, name: "wa:<worker>",
        batchSize: batchSize, minimumAge: minimumAge,
        events: MessageEventPublisher(queue: stores.queue(named: QueueName.events.rawValue), logger: logger),
        logger: logger
    ) { batch in
        var byWorker: [String: [StoredMessage]] = [:]
        for message in batch {
            guard let session = message.sessionID,
                let worker = try await stores.redis.send("HGET", keys.routes, keys.routeField(session)).string
            else { continue }
            byWorker[worker, default: []].append(message)
        }
        var enqueued: [UUID] = []
        for (worker, messages) in byWorker {
            _ = try await stores.queue(named: QueueName.whatsAppWorker(worker).rawValue)
                .enqueue(messages.map(WhatsAppSendJob.request(for:)))
            enqueued += messages.map(\.id)
        }
        return enqueued
    }
}
