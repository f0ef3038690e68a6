extension Migration {
    /// The status history doubles as the event outbox: a row written in a status change's transaction is
    /// relayed to the `events` stream until `published_at` is set, so a Redis outage delays events but loses
    /// none. Rows from before this version were published as they happened.
    static let eventOutbox = Migration(
        version: 8,
        name: "event_outbox",
        sql: """
            alter table message_events add column published_at timestamptz;
            update message_events set published_at = at;
            create index message_events_unpublished_idx on message_events (id) where published_at is null;
            """
    )
}
