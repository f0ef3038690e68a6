extension Migration {
    /// Leads: one per account and ad (a seller the account is working), with its stage and the history of what
    /// happened to it (stage changes, notes).
    static let leads = Migration(
        version: 17,
        name: "leads",
        sql: """
            create table leads (
                id uuid primary key default gen_random_uuid(),
                account_id uuid not null references accounts (id) on delete cascade,
                ad_id uuid not null references ads (id) on delete cascade,
                hunt_id uuid references hunts (id) on delete set null,
                stage text not null default 'new' check (
                    stage in ('new', 'contacted', 'replied', 'interested', 'won', 'lost', 'opted_out')),
                created_at timestamptz not null default now(),
                updated_at timestamptz not null default now(),
                unique (account_id, ad_id)
            );
            create index leads_account_stage_idx on leads (account_id, stage, created_at desc);
            create index leads_hunt_idx on leads (hunt_id) where hunt_id is not null;

            create table lead_activities (
                id bigserial primary key,
                lead_id uuid not null references leads (id) on delete cascade,
                kind text not null check (kind in ('created', 'stage', 'note')),
                from_stage text,
                to_stage text,
                note text,
                at timestamptz not null default now()
            );
            create index lead_activities_lead_idx on lead_activities (lead_id, id);
            """
    )
}
