extension Migration {
    /// The dead-letter views read Postgres, not the Redis `:dead` stream: each row keeps the id of its entry in
    /// that stream (what the replay route takes; null for rows recorded before), and an account's unreplayed
    /// letters of a queue, newest first, and their count come from one partial index. The account queue stats
    /// count messages by status through an index too. (Version 10 belongs to another change; the migrator
    /// applies whatever versions are missing, gaps included.)
    static let deadLetterViews = Migration(
        version: 11,
        name: "dead_letter_views",
        sql: """
            alter table dead_letters add column dead_letter_id text;

            create index dead_letters_account_queue_idx on dead_letters (account_id, queue, failed_at desc)
                where replayed_at is null;

            create index dead_letters_queue_dead_letter_id_idx on dead_letters (queue, dead_letter_id)
                where replayed_at is null;

            create index messages_account_channel_status_idx on messages (account_id, channel, status);
            """
    )
}
