extension Migration {
    /// Per-account provider credentials (sealed), channel credits, and the message outbox with its
    /// status history.
    static let messaging = Migration(
        version: 2,
        name: "messaging",
        sql: """
            create table channel_credentials (
                id uuid primary key default gen_random_uuid(),
                account_id uuid not null references accounts (id) on delete cascade,
                channel text not null check (channel in ('whatsapp', 'sms', 'voice')),
                provider text not null,
                -- SealedBox text form (v1.<keyId>.<data>); the plaintext never reaches the database.
                sealed_secret text not null,
                key_id text not null,
                created_at timestamptz not null default now(),
                updated_at timestamptz not null default now(),
                unique (account_id, channel, provider)
            );

            -- One row per (account, channel), locked by the conditional update that takes a hold, so two
            -- concurrent holds can never both spend the last credits.
            -- Invariant: available = granted - committed - held.
            create table credit_balances (
                account_id uuid not null references accounts (id) on delete cascade,
                channel text not null check (channel in ('whatsapp', 'sms', 'voice')),
                granted bigint not null default 0 check (granted >= 0),
                committed bigint not null default 0 check (committed >= 0),
                held bigint not null default 0 check (held >= 0),
                available bigint not null default 0 check (available >= 0),
                updated_at timestamptz not null default now(),
                primary key (account_id, channel),
                check (available = granted - committed - held)
            );

            create table messages (
                id uuid primary key default gen_random_uuid(),
                account_id uuid not null references accounts (id) on delete cascade,
                channel text not null check (channel in ('whatsapp', 'sms', 'voice')),
                provider text,
                recipient text not null check (recipient ~ '^\\+[1-9][0-9]{7,14}$'),
                body text not null,
                segments int not null check (segments > 0),
                status text not null default 'pending' check (
                    status in ('pending', 'queued', 'sent', 'delivered', 'undelivered', 'failed', 'cancelled')
                ),
                provider_message_id text,
                provider_error_code text,
                provider_error_message text,
                idempotency_key text,
                correlation_id text,
                scheduled_at timestamptz,
                hunt_id uuid,
                ad_id text,
                lead_id uuid,
                created_at timestamptz not null default now(),
                updated_at timestamptz not null default now(),
                unique (account_id, idempotency_key)
            );

            -- The outbox relay scans only pending rows, oldest first.
            create index messages_pending_idx on messages (created_at) where status = 'pending';
            -- Status callbacks find their message by the provider's id; one provider id, one message.
            create unique index messages_provider_message_id_idx
                on messages (provider, provider_message_id) where provider_message_id is not null;
            create index messages_account_created_idx on messages (account_id, created_at desc);

            -- Every hold, commit, release and grant. A message has at most one hold and at most one
            -- settlement (commit or release), which the partial unique indexes enforce.
            create table credit_ledger (
                id bigserial primary key,
                account_id uuid not null,
                channel text not null,
                kind text not null check (kind in ('grant', 'hold', 'commit', 'release')),
                amount bigint not null check (amount > 0),
                -- No action (checked at the end of the statement): a message with credit movements cannot be
                -- deleted alone, while deleting its account removes both.
                message_id uuid references messages (id),
                created_at timestamptz not null default now(),
                foreign key (account_id, channel) references credit_balances (account_id, channel) on delete cascade,
                check ((kind = 'grant') = (message_id is null))
            );

            create unique index credit_ledger_hold_once_idx on credit_ledger (message_id) where kind = 'hold';
            create unique index credit_ledger_settle_once_idx
                on credit_ledger (message_id) where kind in ('commit', 'release');
            create index credit_ledger_account_idx on credit_ledger (account_id, channel, created_at);

            create table message_events (
                id bigserial primary key,
                message_id uuid not null references messages (id) on delete cascade,
                status text not null check (
                    status in ('pending', 'queued', 'sent', 'delivered', 'undelivered', 'failed', 'cancelled')
                ),
                detail text,
                provider_code text,
                at timestamptz not null default now()
            );

            create index message_events_message_idx on message_events (message_id, id);

            -- API keys are looked up by their public prefix on every authenticated request.
            create index api_keys_prefix_idx on api_keys (prefix);
            """
    )
}
