extension Migration {
    /// Accounts, their hashed API keys, and the dead letters mirrored from the job queues.
    static let foundation = Migration(
        version: 1,
        name: "foundation",
        sql: """
            create table accounts (
                id uuid primary key default gen_random_uuid(),
                name text not null,
                created_at timestamptz not null default now()
            );

            create table api_keys (
                id uuid primary key default gen_random_uuid(),
                account_id uuid not null references accounts (id) on delete cascade,
                name text not null,
                prefix text not null,
                key_hash text not null unique,
                created_at timestamptz not null default now(),
                revoked_at timestamptz
            );

            -- Listing an account's keys and the cascade on account deletion both search by account.
            create index api_keys_account_id_idx on api_keys (account_id);

            create table dead_letters (
                id bigserial primary key,
                queue text not null,
                job_id text not null,
                job_name text not null,
                attempts int not null,
                payload bytea not null,
                error text not null,
                correlation_id text,
                account_id text,
                failed_at timestamptz not null default now(),
                replayed_at timestamptz,
                unique (queue, job_id, failed_at)
            );

            create index dead_letters_queue_failed_at_idx on dead_letters (queue, failed_at desc);
            """
    )
}
