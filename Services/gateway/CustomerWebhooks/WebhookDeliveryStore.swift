import Foundation
import Postgres

/// The deliveries of customer webhooks in Postgres: each endpoint's outbox, delivered in id order by the
/// gateway that holds the endpoint's lease.
struct WebhookDeliveryStore: Sendable {
    let pool: PostgresPool

    /// One delivery of the event to each of the account's enabled endpoints that want its type; an event
    /// seen again (a redelivered job) adds nothing. Returns the count added.
    @discardableResult
    func fanOut(accountID: UUID, eventID: String, eventType: String, payload: String) async throws -> Int {
        try await pool.execute(
            """
            insert into webhook_deliveries (endpoint_id, event_id, event_type, payload)
            select e.id, $2, $3, $4 from webhook_endpoints e
            where e.account_id = $1 and e.enabled and (cardinality(e.event_types) = 0 or $3 = any(e.event_types))
            order by e.id
            on conflict (endpoint_id, event_id) do nothing
            """,
            [accountID, eventID, eventType, payload])
    }

    /// Takes the lease of up to `limit` enabled endpoints whose first pending delivery is due and that no one else
    /// holds.
    func claim(owner: String, lease: Duration, limit: Int) async throws -> [ClaimedEndpoint] {
        try await pool.query(
            """
            with due as (
                select e.id from webhook_endpoints e
                where e.enabled and (e.lease_until is null or e.lease_until < now())
                    and (
                        select d.next_attempt_at from webhook_deliveries d
                        where d.endpoint_id = e.id and d.state = 'pending' order by d.id limit 1) <= now()
                order by e.lease_until nulls first, e.id
                limit $3
                for update of e skip locked)
            update webhook_endpoints e
            set lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond'
            from due where e.id = due.id
            returning e.id, e.account_id, e.url, e.sealed_secret, e.sealed_previous_secret, e.previous_secret_until
            """,
            [owner, Self.milliseconds(lease), limit]
        ).map { row in
            ClaimedEndpoint(
                id: try row.decode(UUID.self, "id"), accountID: try row.decode(UUID.self, "account_id"),
                url: try row.decode(String.self, "url"),
                secrets: .init(
                    current: try row.decode(String.self, "sealed_secret"),
                    previous: try row.decode(String?.self, "sealed_previous_secret"),
                    previousUntil: try row.decode(Date?.self, "previous_secret_until")))
        }
    }

    /// The endpoint as it is now (its URL and secrets may change while a gateway holds it: a PATCH, a rotation),
    /// while it is enabled and `owner` holds it.
    func current(endpointID: UUID, owner: String) async throws -> ClaimedEndpoint? {
        try await pool.query(
            """
            select id, account_id, url, sealed_secret, sealed_previous_secret, previous_secret_until
            from webhook_endpoints where id = $1 and lease_owner = $2 and enabled
            """,
            [endpointID, owner]
        ).first.map { row in
            ClaimedEndpoint(
                id: try row.decode(UUID.self, "id"), accountID: try row.decode(UUID.self, "account_id"),
                url: try row.decode(String.self, "url"),
                secrets: .init(
                    current: try row.decode(String.self, "sealed_secret"),
                    previous: try row.decode(String?.self, "sealed_previous_secret"),
                    previousUntil: try row.decode(Date?.self, "previous_secret_until")))
        }
    }

    /// Extends the lease; false when it is no longer this owner's.
    func renew(endpointID: UUID, owner: String, lease: Duration) async throws -> Bool {
        try await pool.execute(
            """
            update webhook_endpoints set lease_until = now() + $3 * interval '1 millisecond'
            where id = $1 and lease_owner = $2 and enabled
            """,
            [endpointID, owner, Self.milliseconds(lease)]) > 0
    }

    func release(endpointID: UUID, owner: String) async throws {
        _ = try await pool.execute(
            "update webhook_endpoints set lease_owner = null, lease_until = null where id = $1 and lease_owner = $2",
            [endpointID, owner])
    }

    /// The endpoint's first pending delivery (in order: later ones wait for it).
    func head(endpointID: UUID) async throws -> WebhookDelivery? {
        try await pool.query(
            """
            select \(WebhookDelivery.columns) from webhook_deliveries
            where endpoint_id = $1 and state = 'pending' order by id limit 1
            """,
            [endpointID]
        ).first.map(WebhookDelivery.init(row:))
    }

    /// What an attempt leads to.
    enum Next: Sendable, Equatable {
        case succeeded
        case retry(after: Duration)
        case dead
    }

    /// Records an attempt and its consequence, while `owner` still holds the endpoint's lease (false: it does
    /// not, nothing recorded). A dead letter counts towards disabling the endpoint: returns the endpoint's run
    /// of dead letters then (0 after a success).
    func record(
        _ delivery: WebhookDelivery, owner: String, attempt: WebhookAttempt, next: Next
    ) async throws -> (recorded: Bool, consecutiveDead: Int) {
        try await pool.withTransaction { connection in
            let held = try await connection.query(
                "select consecutive_dead from webhook_endpoints where id = $1 and lease_owner = $2 for update",
                [delivery.endpointID, owner])
            guard let endpoint = held.first else { return (false, 0) }
            var consecutiveDead = try endpoint.decode(Int.self, "consecutive_dead")
            _ = try await connection.execute(
                """
                insert into webhook_attempts (delivery_id, attempt, at, status_code, latency_ms, error)
                values ($1, $2, $3, $4, $5, $6) on conflict do nothing
                """,
                [delivery.id, attempt.attempt, attempt.at, attempt.statusCode, attempt.latencyMs, attempt.error])
            let (state, delay): (String, Int64) =
                switch next {
                case .succeeded: ("succeeded", 0)
                case .retry(let after): ("pending", Self.milliseconds(after))
                case .dead: ("dead", 0)
                }
            _ = try await connection.execute(
                """
                update webhook_deliveries set state = $2, attempts = $3, cycle_attempts = cycle_attempts + 1, last_status_code = $4, last_latency_ms = $5,
                    last_error = $6, next_attempt_at = now() + $7 * interval '1 millisecond',
                    finished_at = case when $2 = 'pending' then null else now() end
                where id = $1
                """,
                [
                    delivery.id, state, attempt.attempt, attempt.statusCode, attempt.latencyMs, attempt.error, delay,
                ])
            switch next {
            case .succeeded: consecutiveDead = 0
            case .dead: consecutiveDead += 1
            case .retry: return (true, consecutiveDead)
            }
            _ = try await connection.execute(
                "update webhook_endpoints set consecutive_dead = $2 where id = $1",
                [delivery.endpointID, consecutiveDead])
            return (true, consecutiveDead)
        }
    }

    /// Disables the endpoint (its pending deliveries wait until it is enabled again); false when it already was.
    func disable(endpointID: UUID, reason: String) async throws -> Bool {
        try await pool.execute(
            """
            update webhook_endpoints set enabled = false, disabled_reason = $2, lease_owner = null, lease_until = null,
                updated_at = now()
            where id = $1 and enabled
            """,
            [endpointID, reason]) > 0
    }

    /// The endpoint's deliveries, newest first, below `before` (a delivery id: keyset paging).
    func list(endpointID: UUID, state: String?, before: Int64?, limit: Int) async throws -> [WebhookDelivery] {
        try await pool.query(
            """
            select \(WebhookDelivery.columns) from webhook_deliveries
            where endpoint_id = $1 and ($2::text is null or state = $2) and ($3::bigint is null or id < $3)
            order by id desc limit $4
            """,
            [endpointID, state, before, limit]
        ).map(WebhookDelivery.init(row:))
    }

    func find(endpointID: UUID, id: Int64) async throws -> (WebhookDelivery, [WebhookAttempt])? {
        guard
            let delivery = try await pool.query(
                "select \(WebhookDelivery.columns) from webhook_deliveries where endpoint_id = $1 and id = $2",
                [endpointID, id]
            ).first.map(WebhookDelivery.init(row:))
        else { return nil }
        let attempts = try await pool.query(
            """
            select attempt, at, status_code, latency_ms, error from webhook_attempts
            where delivery_id = $1 order by attempt
            """,
            [id]
        ).map { row in
            WebhookAttempt(
                attempt: try row.decode(Int.self, "attempt"), at: try row.decode(Date.self, "at"),
                statusCode: try row.decode(Int?.self, "status_code"), latencyMs: try row.decode(Int.self, "latency_ms"),
                error: try row.decode(String?.self, "error"))
        }
        return (delivery, attempts)
    }

    /// Sends a finished delivery again (same `webhook-id`), as a new cycle of the retry schedule. Attempts go
    /// on numbering after the earlier ones. False: no such delivery, or it is still pending.
    func replay(endpointID: UUID, id: Int64) async throws -> Bool {
        try await pool.execute(
            """
            update webhook_deliveries set state = 'pending', next_attempt_at = now(), cycle_started_at = now(), cycle_attempts = 0,
                finished_at = null
            where endpoint_id = $1 and id = $2 and state <> 'pending'
            """,
            [endpointID, id]) > 0
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
