/// The few type OIDs this client sends (from `pg_type`; they are fixed across Postgres versions).
enum PostgresTypeOID {
    static let bytea: UInt32 = 17
    static let timestamptz: UInt32 = 1184
}
