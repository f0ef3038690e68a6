extension Migration {
    /// Replies: every inbound message once (`inbound_messages`, unique per account and provider id), in the
    /// conversation with that contact on that channel (`conversations`), which remembers where a reply goes
    /// (the WhatsApp session or SMS provider the contact wrote to) and how many messages are unread.
    /// `published_at` makes the inbound rows an event outbox of their own (`message.inbound`).
    static let conversations = Migration(
        version: 13,
        name: "conversations",
        sql: """
            create table conversations (
                id uuid primary key default gen_random_uuid(),
                account_id uuid not null references accounts (id) on delete cascade,
                channel text not null check (channel in ('whatsapp', 'sms', 'voice')),
                contact_phone text not null check (contact_phone ~ '^\\+[1-9][0-9]{7,14}$'),
                provider text not null,
                session_id uuid references wa_sessions (id) on delete set null,
                unread_count int not null default 0 check (unread_count >= 0),
                last_activity_at timestamptz not null default now(),
                created_at timestamptz not null default now(),
                unique (account_id, channel, contact_phone)
            );
            create index conversations_account_activity_idx on conversations (account_id, last_activity_at desc, id);

            create table inbound_messages (
                id uuid primary key default gen_random_uuid(),
                account_id uuid not null references accounts (id) on delete cascade,
                conversation_id uuid not null references conversations (id) on delete cascade,
                channel text not null check (channel in ('whatsapp', 'sms', 'voice')),
                provider text not null,
                provider_message_id text not null,
                session_id uuid references wa_sessions (id) on delete set null,
                sender text not null,
                body text not null default '',
                -- {"type", "mime", "size", "mediaId", "url", "caption", "filename"}: a reference, never the bytes.
                media jsonb,
                opt_out boolean not null default false,
                received_at timestamptz not null,
                created_at timestamptz not null default now(),
                published_at timestamptz,
                unique (account_id, provider, provider_message_id)
            );
            create index inbound_messages_conversation_idx on inbound_messages (conversation_id, received_at);
            create index inbound_messages_unpublished_idx on inbound_messages (created_at) where published_at is null;
            -- A conversation's outbound side: the account's messages to that number on that channel.
            create index messages_account_recipient_idx on messages (account_id, channel, recipient, created_at);
            """
    )
}
