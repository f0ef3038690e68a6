/// Everything that can go wrong talking to Postgres, as one error type for the module.
///
/// The text never contains bound parameter values, row values or passwords: server messages keep only
/// their primary line (values are quoted in DETAIL, which is dropped), and data-exception messages
/// (SQLSTATE class 22, which quote the offending input) have their quoted parts removed.
package struct PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    package enum Kind: String, Sendable, Equatable {
        /// The URL or options are unusable.
        case invalidConfiguration
        /// No connection could be established (server down, refused, authentication failed).
        case connectionFailed
        /// The link broke during a call; the statement may or may not have run.
        case connectionLost
        /// Connecting took longer than the configured connect timeout.
        case timeout
        /// The server rejected a statement; see ``PostgresError/sqlState``.
        case server
        /// A bound parameter cannot be sent (e.g. a NUL byte in text).
        case invalidParameter
        /// A result value could not be decoded into the requested Swift type.
        case decoding
        /// `COMMIT` rolled back because a statement inside the transaction had failed.
        case transactionAborted
        /// The pool has been closed.
        case poolClosed
        /// The task was cancelled while waiting for a pooled connection.
        case cancelled
        /// The server answered with something this client does not handle (e.g. `COPY`).
        case unsupported
    }

    /// What kind of failure this is.
    package var kind: Kind
    /// The five-character SQLSTATE of a server error (`23505`, `40001`, ...), when the server sent one.
    package var sqlState: String?
    /// A human-readable reason, free of bound values and secrets.
    package var message: String
    /// The constraint a server error names (unique, foreign-key, check), when there is one.
    package var constraint: String?

    package init(_ kind: Kind, _ message: String, sqlState: String? = nil, constraint: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.constraint = constraint
    }

    package var description: String {
        let code = sqlState.map { " (SQLSTATE \($0))" } ?? ""
        return "\(kind.label)\(code): \(message)"
    }

    // MARK: - Classification

    /// `23505`: an insert or update hit a unique index.
    package var isUniqueViolation: Bool { sqlState == "23505" }
    /// `23503`: a referenced row is missing, or a referencing row still exists.
    package var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// `40001`: a serializable transaction must be retried.
    package var isSerializationFailure: Bool { sqlState == "40001" }
    /// `40P01`: the server broke a deadlock by failing this transaction; retrying may succeed.
    package var isDeadlock: Bool { sqlState == "40P01" }

    /// True when the server or the network, not the statement, is the problem: retrying on a fresh
    /// connection later may succeed.
    package var isConnectionProblem: Bool {
        switch kind {
        case .connectionFailed, .connectionLost, .timeout: true
        // 57P01-57P03: the server is shutting down or restarting; 08xxx: connection exceptions.
        case .server: sqlState.map { $0.hasPrefix("57P") || $0.hasPrefix("08") } ?? false
        default: false
        }
    }
}

extension PostgresError.Kind {
    fileprivate var label: String {
        switch self {
        case .invalidConfiguration: "invalid Postgres configuration"
        case .connectionFailed: "cannot connect to Postgres"
        case .connectionLost: "Postgres connection lost"
        case .timeout: "Postgres timeout"
        case .server: "Postgres error"
        case .invalidParameter: "invalid Postgres parameter"
        case .decoding: "cannot decode Postgres value"
        case .transactionAborted: "Postgres transaction rolled back"
        case .poolClosed: "Postgres pool closed"
        case .cancelled: "Postgres call cancelled"
        case .unsupported: "unsupported Postgres reply"
        }
    }
}
