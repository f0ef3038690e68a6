extension Migration {
    /// The ownership generation of a WhatsApp session: bumped by the gateway every time it (re)assigns the
    /// session's `worker_id` (a move by failover, a restart); a new row starts at 1. A worker learns the
    /// generation when it starts the session and makes every write for it conditional on `worker_id` and
    /// `owner_generation` both being its own, so a worker that was cut off, or a connection replaced by a
    /// restart, cannot write over the session's current owner.
    static let sessionOwnerGenerations = Migration(
        version: 10,
        name: "session_owner_generations",
        sql: """
            alter table wa_sessions add column owner_generation bigint not null default 1
                check (owner_generation >= 1);
            """
    )
}
