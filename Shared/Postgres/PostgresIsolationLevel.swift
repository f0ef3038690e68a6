/// The isolation level a transaction starts with.
package enum PostgresIsolationLevel: Sendable {
    /// Plain `BEGIN`: the server's `default_transaction_isolation` (read committed unless changed).
    case serverDefault
    case readCommitted
    case repeatableRead
    /// Conflicting transactions fail with SQLSTATE 40001 (``PostgresError/isSerializationFailure``); retry them.
    case serializable

    var beginStatement: String {
        switch self {
        case .serverDefault: "BEGIN"
        case .readCommitted: "BEGIN ISOLATION LEVEL READ COMMITTED"
        case .repeatableRead: "BEGIN ISOLATION LEVEL REPEATABLE READ"
        case .serializable: "BEGIN ISOLATION LEVEL SERIALIZABLE"
        }
    }
}
