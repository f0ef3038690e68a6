import Foundation
import JobRuntime
import Logging
import OutboundHTTP
import Outbox
import ServiceLifecycle

/// Delivers customer webhooks. Each pass takes the lease of endpoints whose first pending delivery is due and
/// sends their deliveries in order, one at a time per endpoint (a later event never overtakes an earlier one):
/// a 2xx answer settles a delivery; anything else (another status, a timeout, a refused address) retries it
/// after the next step of the schedule, then dead-letters it; an endpoint whose deliveries die
/// `disableAfterDead` times in a row is disabled with a `webhook.endpoint.disabled` event. A crash mid-send
/// leaves the lease to expire and the delivery pending: the next holder sends it again under the same
/// `webhook-id` (at least once; receivers de-duplicate by it).
struct WebhookDeliverer: Service {
    static let disabledEventName = "webhook.endpoint.disabled"
    /// Deliveries one endpoint gets per pass before others get their turn.
    static let maxPerPass = 100

    let deliveries: WebhookDeliveryStore
    let endpoints: WebhookEndpointStore
    let client: OutboundHTTPClient
    let settings: WebhookSettings
    let events: JobQueue
    let logger: Logger
    let owner = "gateway-" + UUID().uuidString.lowercased()
    let metrics = WebhookMetrics()

    func run() async throws {
        await repeatUntilShutdown(every: settings.pollInterval) { await pass() }
    }

    /// One pass; returns how many attempts it made.
    @discardableResult
    func pass() async -> Int {
        let claimed: [ClaimedEndpoint]
        do {
            claimed = try await deliveries.claim(owner: owner, lease: settings.lease, limit: settings.concurrency)
        } catch {
            logger.warning("webhook deliveries not claimed", metadata: ["error": "\(error)"])
            return 0
        }
        return await withTaskGroup(of: Int.self) { group in
            for endpoint in claimed { group.addTask { await deliver(endpoint) } }
            return await group.reduce(0, +)
        }
    }

    private func deliver(_ endpoint: ClaimedEndpoint) async -> Int {
        var attempts = 0
        do {
            while attempts < Self.maxPerPass, !Task.isCancelled {
                guard let delivery = try await deliveries.head(endpointID: endpoint.id),
                    delivery.nextAttemptAt <= Date()
                else { break }
                // Read again for each delivery: a rotation or a new URL applies from the next one.
                guard let endpoint = try await deliveries.current(endpointID: endpoint.id, owner: owner) else {
                    return attempts
                }
                let secrets = try endpoints.secrets(endpoint.secrets, endpointID: endpoint.id)
                let attempt = await send(delivery, to: endpoint, secrets: secrets)
                let next = Self.next(
                    after: attempt, cycleAttempts: delivery.cycleAttempts, schedule: settings.retrySchedule)
                let (recorded, dead) = try await deliveries.record(delivery, owner: owner, attempt: attempt, next: next)
                guard recorded else { return attempts }  // the lease went to another gateway
                metrics.record(next, latencyMs: attempt.latencyMs)
                attempts += 1
                if next == .dead, dead >= settings.disableAfterDead {
                    await disable(endpoint, deadInARow: dead)
                    return attempts
                }
                if case .retry = next { break }
                guard try await deliveries.renew(endpointID: endpoint.id, owner: owner, lease: settings.lease) else {
                    return attempts
                }
            }
        } catch {
            logger.warning(
                "webhook delivery pass failed", metadata: ["webhook.endpoint": "\(endpoint.id)", "error": "\(error)"])
        }
        try? await deliveries.release(endpointID: endpoint.id, owner: owner)
        return attempts
    }

    /// The outcome of an attempt: success on 2xx (a redirect is not followed), else the schedule's next wait
    /// (`cycleAttempts`: the attempts before this one since the delivery was made or replayed), or a dead letter.
    static func next(after attempt: WebhookAttempt, cycleAttempts: Int, schedule: [Duration])
        -> WebhookDeliveryStore.Next
    {
        if let status = attempt.statusCode, (200...299).contains(status) { return .succeeded }
        guard cycleAttempts < schedule.count else { return .dead }
        return .retry(after: schedule[cycleAttempts])
    }

    private func send(_ delivery: WebhookDelivery, to endpoint: ClaimedEndpoint, secrets: [String]) async
        -> WebhookAttempt
    {
        let at = Date()
        let started = ContinuousClock.now
        let body = Array(delivery.payload.utf8)
        let timestamp = Int(at.timeIntervalSince1970)
        func attempt(status: Int?, error: String?) -> WebhookAttempt {
            WebhookAttempt(
                attempt: delivery.attempts + 1, at: at, statusCode: status,
                latencyMs: Int(WebhookDeliveryStore.milliseconds(ContinuousClock.now - started)), error: error)
        }
        var request = OutboundRequest(method: .post, url: endpoint.url, body: body, totalTimeout: settings.timeout)
        request.provider = "webhook"
        request.publicAddressesOnly = !settings.allows(url: endpoint.url)
        do {
            request.headers.add("Content-Type", "application/json")
            request.headers.add("webhook-id", delivery.eventID)
            request.headers.add("webhook-timestamp", "\(timestamp)")
            request.headers.add(
                "webhook-signature",
                try WebhookSigning.header(id: delivery.eventID, timestamp: timestamp, body: body, secrets: secrets))
        } catch {
            return attempt(status: nil, error: "the signing secret cannot be used")
        }
        do {
            let response = try await client.send(request)
            let succeeded = (200...299).contains(response.statusCode)
            return attempt(status: response.statusCode, error: succeeded ? nil : "HTTP \(response.statusCode)")
        } catch {
            return attempt(status: nil, error: error.description)
        }
    }

    private func disable(_ endpoint: ClaimedEndpoint, deadInARow: Int) async {
        let reason = "\(deadInARow) deliveries in a row were dead-lettered"
        guard (try? await deliveries.disable(endpointID: endpoint.id, reason: reason)) == true else { return }
        logger.warning("webhook endpoint disabled", metadata: ["webhook.endpoint": "\(endpoint.id)"])
        let event: [String: String] = [
            "endpointId": endpoint.id.uuidString.lowercased(), "accountId": endpoint.accountID.uuidString.lowercased(),
            "reason": reason, "at": Date().formatted(.iso8601),
        ]
        let payload = (try? JSONSerialization.data(withJSONObject: event, options: .sortedKeys)) ?? Data()
        do {
            _ = try await events.enqueue(
                JobRequest(
                    name: Self.disabledEventName, payload: Array(payload),
                    id:
                        "\(Self.disabledEventName):\(endpoint.id.uuidString.lowercased()):\(Int(Date().timeIntervalSince1970))",
                    accountID: endpoint.accountID.uuidString.lowercased()))
        } catch {
            logger.warning("webhook disabled event not published", metadata: ["webhook.endpoint": "\(endpoint.id)"])
        }
    }
}

extension WebhookSettings {
    /// Whether the URL's host is one the operator allows to be private (a local receiver).
    func allows(url: String) -> Bool {
        guard let host = URLComponents(string: url)?.host?.lowercased() else { return false }
        return allowedHosts.contains(host)
    }
}
