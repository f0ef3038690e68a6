extension Migration {
    /// What the hunt runs need beyond messages and leads: the step and A/B variant each hunt message belongs to
    /// (a failed send moves to the step's next channel, a follow-up looks at the steps already sent, the stats
    /// count per step and variant); each run's report (skip reasons, allocations), which is also the outbox of
    /// its `hunt.run.completed` event; and the account's outreach limits across hunts (a daily contact limit,
    /// per-sender daily caps with the ramp-up of new WhatsApp numbers).
    static let huntOutreach = Migration(
        version: 18,
        name: "hunt_outreach",
        sql: """
            alter table messages add column hunt_step int, add column hunt_variant int;
            create index messages_hunt_ad_idx on messages (hunt_id, ad_id, hunt_step) where hunt_id is not null;
            create index messages_account_day_idx on messages (account_id, created_at) where hunt_id is not null;
            -- "Already written to on any channel" (the matcher) and the cancel on reply look up by number.
            create index messages_account_phone_idx on messages (account_id, recipient);

            create table hunt_runs (
                id bigserial primary key,
                hunt_id uuid not null references hunts (id) on delete cascade,
                account_id uuid not null references accounts (id) on delete cascade,
                kind text not null check (kind in ('daily', 'reroute')),
                report jsonb not null,
                finished_at timestamptz not null default now(),
                published_at timestamptz
            );
            create index hunt_runs_hunt_idx on hunt_runs (hunt_id, id desc);
            create index hunt_runs_unpublished_idx on hunt_runs (id) where published_at is null;

            create table outreach_limits (
                account_id uuid primary key references accounts (id) on delete cascade,
                limits jsonb not null,
                updated_at timestamptz not null default now()
            );
            """
    )
}
