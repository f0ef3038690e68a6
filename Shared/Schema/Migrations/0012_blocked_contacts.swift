extension Migration {
    /// The do-not-contact list: numbers (E.164) an account must never send to again, with why and since when
    /// (the primary key serves lookups and the list's number-ordered pages).
    /// The message store's accept refuses them in the same transaction that would store the message.
    static let blockedContacts = Migration(
        version: 12,
        name: "blocked_contacts",
        sql: """
            create table blocked_contacts (
                account_id uuid not null references accounts (id) on delete cascade,
                phone text not null,
                reason text not null default 'manual',
                created_at timestamptz not null default now(),
                primary key (account_id, phone)
            );
            """
    )
}
