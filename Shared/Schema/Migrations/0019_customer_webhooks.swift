extension Migration {
    /// Customer webhooks: an account's endpoints (URL, event filter, a signing secret sealed with the platform
    /// keyring and the previous one during a rotation's grace), one delivery per endpoint and event (the
    /// endpoint's outbox, delivered in id order, `pending` until `succeeded` or `dead`), and every attempt with
    /// its answer. An endpoint's lease lets one gateway deliver it at a time. Lead stage changes become
    /// the outbox of `lead.stage` events. And the index the message search by correlation id uses.
    static let customerWebhooks = Migration(
        version: 19,
        name: "customer_webhooks",
        sql: """
            create table webhook_endpoints (
                id uuid primary key default gen_random_uuid(),
                account_id uuid not null references accounts (id) on delete cascade,
                url text not null,
                description text,
                event_types text[] not null default '{}',
                enabled boolean not null default true,
                disabled_reason text,
                sealed_secret text not null,
                sealed_previous_secret text,
                previous_secret_until timestamptz,
                consecutive_dead int not null default 0,
                lease_owner text,
                lease_until timestamptz,
                created_at timestamptz not null default now(),
                updated_at timestamptz not null default now()
            );
            create index webhook_endpoints_account_idx on webhook_endpoints (account_id, created_at);

            create table webhook_deliveries (
                id bigserial primary key,
                endpoint_id uuid not null references webhook_endpoints (id) on delete cascade,
                event_id text not null,
                event_type text not null,
                payload text not null,
                state text not null default 'pending' check (state in ('pending', 'succeeded', 'dead')),
                attempts int not null default 0,
                cycle_attempts int not null default 0,
                next_attempt_at timestamptz not null default now(),
                cycle_started_at timestamptz not null default now(),
                last_status_code int,
                last_latency_ms int,
                last_error text,
                created_at timestamptz not null default now(),
                finished_at timestamptz,
                unique (endpoint_id, event_id)
            );
            create index webhook_deliveries_pending_idx on webhook_deliveries (endpoint_id, id) where state = 'pending';
            create index webhook_deliveries_endpoint_idx on webhook_deliveries (endpoint_id, id desc);

            create table webhook_attempts (
                delivery_id bigint not null references webhook_deliveries (id) on delete cascade,
                attempt int not null,
                at timestamptz not null default now(),
                status_code int,
                latency_ms int not null,
                error text,
                primary key (delivery_id, attempt)
            );

            -- Lead stage changes are the outbox of their `lead.stage` events (earlier history counts as published).
            alter table lead_activities add column published_at timestamptz;
            update lead_activities set published_at = at;
            create index lead_activities_unpublished_idx on lead_activities (id)
                where published_at is null and kind <> 'note';

            -- GET /api/messages?correlationId= (the other filters have theirs).
            create index messages_account_correlation_idx on messages (account_id, correlation_id)
                where correlation_id is not null;
            """
    )
}
