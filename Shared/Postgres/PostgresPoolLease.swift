/// What a borrower gets from the pool: an idle connection, or the right to open a new one.
enum PostgresPoolLease<Connection> {
    case connection(Connection)
    case openNew
}

extension PostgresPoolLease: Sendable where Connection: Sendable {}
