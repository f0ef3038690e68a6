extension Migration {
    /// Ringless voicemail and text-to-speech calls through Voice Partner. A voice message's content is in
    /// `messages.voice` (`{"kind": "drop", "tokenAudio", "sender"?}` or `{"kind": "tts", "text", "lang",
    /// "speechRate"?, "sender"?}`); it is sent as a member of a `voice_campaigns` row, one provider request:
    /// drops that share account, audio and sender gather in the one `open` campaign of that key (up to 500
    /// numbers), a text-to-speech call is a campaign of its own. The campaign holds the send lease of all its
    /// members (owner, expiry, attempt mark, as `messages` does for SMS), the provider's campaign id, and the
    /// aggregate the drop callback reports.
    static let voiceCampaigns = Migration(
        version: 14,
        name: "voice_campaigns",
        sql: """
            create table voice_campaigns (
                id uuid primary key default gen_random_uuid(),
                account_id uuid not null references accounts (id) on delete cascade,
                kind text not null check (kind in ('drop', 'tts')),
                -- The grouping key of drops ('' when there is no sender); empty for text-to-speech calls.
                audio_token text not null default '',
                sender text not null default '',
                -- open: drops may join; full: 500 members, or a call; sending: a send attempt holds the lease or
                -- waits to retry; sent and failed are final.
                status text not null default 'open' check (status in ('open', 'full', 'sending', 'sent', 'failed')),
                size int not null default 0 check (size >= 0),
                opened_at timestamptz not null default now(),
                last_joined_at timestamptz not null default now(),
                send_lease_owner text,
                send_lease_expires_at timestamptz,
                send_started_at timestamptz,
                send_attempts int not null default 0,
                next_attempt_at timestamptz,
                provider_campaign_id text,
                -- The secret in the notifyUrl that Voice Partner calls back (it signs nothing).
                callback_token text not null,
                delivered_quantity int,
                total_quantity int,
                reported_at timestamptz,
                error_code text,
                updated_at timestamptz not null default now()
            );
            create unique index voice_campaigns_open_idx on voice_campaigns (account_id, audio_token, sender)
                where status = 'open';
            create index voice_campaigns_due_idx on voice_campaigns (last_joined_at)
                where status in ('open', 'full', 'sending');

            alter table messages
                add column voice jsonb,
                add column voice_campaign_id uuid references voice_campaigns (id) on delete set null;
            create index messages_voice_campaign_idx on messages (voice_campaign_id)
                where voice_campaign_id is not null;
            """
    )
}
