extension Migration {
    /// WhatsApp messages in the same outbox: the session that sends them, their media, and the `read`
    /// receipt status.
    static let whatsAppMessages = Migration(
        version: 6,
        name: "whatsapp_messages",
        sql: """
            alter table messages
                add column session_id uuid references wa_sessions (id) on delete set null,
                -- {"type": "image|audio|video|document", "url": "...", "filename": "..."} for media messages.
                add column media jsonb;
            alter table messages drop constraint messages_status_check;
            alter table messages add constraint messages_status_check check (
                status in ('pending', 'queued', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'cancelled'));
            alter table message_events drop constraint message_events_status_check;
            alter table message_events add constraint message_events_status_check check (
                status in ('pending', 'queued', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'cancelled'));
            create index messages_session_open_idx on messages (session_id)
                where session_id is not null and status in ('pending', 'queued');
            """
    )
}
