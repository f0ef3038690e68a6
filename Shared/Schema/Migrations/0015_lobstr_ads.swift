extension Migration {
    /// Ads scraped by Lobstr: the account's Lobstr key (sealed) and webhook token (its SHA-256 only), each run
    /// Lobstr reported (ingested page by page: `next_page` moves in the transaction that stores a page's ads, so
    /// a crash resumes at the page it stopped), the ads (one per account and LeBonCoin `annonce_id`, the raw
    /// result kept), and hunts as far as ingestion needs them (the squid that feeds each, its last scan).
    static let lobstrAds = Migration(
        version: 15,
        name: "lobstr_ads",
        sql: """
            create table lobstr_accounts (
                account_id uuid primary key references accounts (id) on delete cascade,
                sealed_api_key text not null,
                key_id text not null,
                webhook_token_sha256 text not null,
                created_at timestamptz not null default now(),
                updated_at timestamptz not null default now()
            );

            create table lobstr_runs (
                account_id uuid not null references accounts (id) on delete cascade,
                run_id text not null,
                squid_id text,
                status text not null default 'pending' check (status in ('pending', 'done', 'error')),
                next_page int not null default 1 check (next_page >= 1),
                total_pages int,
                total_results int,
                ingested int not null default 0,
                unreadable int not null default 0,
                error text,
                received_at timestamptz not null default now(),
                completed_at timestamptz,
                updated_at timestamptz not null default now(),
                primary key (account_id, run_id)
            );
            create index lobstr_runs_pending_idx on lobstr_runs (received_at) where status = 'pending';

            create table hunts (
                id uuid primary key default gen_random_uuid(),
                account_id uuid not null references accounts (id) on delete cascade,
                name text not null,
                status text not null default 'active' check (status in ('active', 'paused')),
                squid_id text,
                last_scan_at timestamptz,
                created_at timestamptz not null default now(),
                updated_at timestamptz not null default now()
            );
            create index hunts_squid_idx on hunts (account_id, squid_id) where squid_id is not null;

            create table ads (
                id uuid primary key default gen_random_uuid(),
                account_id uuid not null references accounts (id) on delete cascade,
                annonce_id text not null,
                squid_id text,
                run_id text,
                title text not null,
                description text,
                url text,
                category text,
                price double precision,
                currency text,
                city text,
                postal_code text,
                department text,
                region text,
                latitude double precision,
                longitude double precision,
                phone text check (phone ~ '^\\+[1-9][0-9]{7,14}$'),
                phone_is_mobile boolean not null default false,
                owner_type text,
                owner_name text,
                no_salesmen boolean not null default false,
                is_urgent boolean not null default false,
                is_boosted boolean not null default false,
                brand text,
                model text,
                model_year int,
                entry_year int,
                mileage int,
                fuel text,
                gearbox text,
                price_min double precision,
                price_max double precision,
                is_low_price boolean not null default false,
                price_has_dropped boolean not null default false,
                has_been_reposted boolean not null default false,
                first_published_at timestamptz,
                last_published_at timestamptz,
                pictures text[] not null default '{}',
                details jsonb not null default '{}',
                more_details jsonb not null default '{}',
                raw jsonb not null,
                rejected_fields text[] not null default '{}',
                first_seen_at timestamptz not null default now(),
                updated_at timestamptz not null default now(),
                unique (account_id, annonce_id)
            );
            create index ads_account_seen_idx on ads (account_id, first_seen_at desc);
            """
    )
}
