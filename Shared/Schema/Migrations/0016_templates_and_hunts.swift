extension Migration {
    /// Message templates per account and channel (text with placeholders; for voice a `tokenAudio` or a text to
    /// read), and what a hunt is beyond its squid: its criteria, outreach steps, daily limit and sending window
    /// (JSON the API validates: `HuntDefinition` in the gateway).
    static let templatesAndHunts = Migration(
        version: 16,
        name: "templates_and_hunts",
        sql: """
            create table message_templates (
                id uuid primary key default gen_random_uuid(),
                account_id uuid not null references accounts (id) on delete cascade,
                name text not null,
                channel text not null check (channel in ('whatsapp', 'sms', 'voice')),
                text text,
                token_audio text,
                created_at timestamptz not null default now(),
                updated_at timestamptz not null default now(),
                check ((text is null) <> (token_audio is null)),
                check (token_audio is null or channel = 'voice')
            );
            create index message_templates_account_idx on message_templates (account_id, channel, created_at);

            alter table hunts
                add column criteria jsonb not null default '{}',
                add column steps jsonb not null default '[]',
                add column daily_limit int check (daily_limit is null or daily_limit > 0),
                add column sending_window jsonb;
            create index hunts_account_idx on hunts (account_id, created_at);
            """
    )
}
