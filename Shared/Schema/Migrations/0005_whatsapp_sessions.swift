extension Migration {
    /// WhatsApp sessions: the account's, the worker holding it, its state, and its sealed auth state (so
    /// any worker can resume it).
    static let whatsAppSessions = Migration(
        version: 5,
        name: "whatsapp_sessions",
        sql: """
            create table wa_sessions (
                id uuid primary key default gen_random_uuid(),
                account_id uuid not null references accounts (id) on delete cascade,
                name text not null,
                engine text not null check (engine in ('sandbox', 'cloud', 'twilio')),
                status text not null check (status in (
                    'starting', 'qr_required', 'connected', 'reconnecting', 'logged_out', 'failed', 'stopped')),
                worker_id text references workers (id),
                options jsonb not null default '{}',
                -- SealedBox text form of the engine's auth state; never plaintext.
                sealed_auth text,
                phone text,
                last_error text,
                created_at timestamptz not null default now(),
                updated_at timestamptz not null default now(),
                unique (account_id, name)
            );

            create index wa_sessions_worker_idx on wa_sessions (worker_id) where worker_id is not null;
            """
    )
}
