extension Migration {
    /// When a sender last started handing a message to its provider. A redelivered job that finds it set
    /// knows an earlier attempt may have reached the provider (it crashed or timed out before recording
    /// the answer) and asks the provider before sending again.
    static let sendClaims = Migration(
        version: 3,
        name: "send_claims",
        sql: """
            alter table messages
                add column send_started_at timestamptz,
                add column send_attempts int not null default 0;
            """
    )
}
