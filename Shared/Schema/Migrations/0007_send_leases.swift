extension Migration {
    /// A send claim becomes a lease: the delivery that holds it (`send_lease_owner`) is the only one that may
    /// call the provider until `send_lease_expires_at` (the database clock decides, for every worker alike).
    /// `send_started_at` stays the mark of the earliest attempt whose outcome is not recorded: an attempt that
    /// finds it set asks the provider before sending again.
    static let sendLeases = Migration(
        version: 7,
        name: "send_leases",
        sql: """
            alter table messages
                add column send_lease_owner text,
                add column send_lease_expires_at timestamptz;
            """
    )
}
