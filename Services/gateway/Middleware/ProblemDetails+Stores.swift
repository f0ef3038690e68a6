import Hummingbird
import HuntStore
import MessageStore
import Postgres
import Redis

extension ProblemDetails {
    /// The stable type of ``storeUnavailable(for:)`` problems.
    package static let storeUnavailableType = "urn:auto-prospect:problem:store-unavailable"

    /// 503 with `Retry-After` when `error` says Redis or Postgres cannot be reached right now (down,
    /// restarting, pool closed during shutdown): the client should retry, nothing is wrong with its request.
    /// Nil for any other error.
    static func storeUnavailable(for error: any Error) -> ProblemDetails? {
        let unreachable =
            switch error {
            case let error as RedisError: error.isConnectionProblem || error == .closed
            case let error as PostgresError: Self.isUnavailable(error)
            case MessageStoreError.database(let error): Self.isUnavailable(error)
            default: false
            }
        guard unreachable else { return nil }
        return ProblemDetails(
            status: .serviceUnavailable, type: storeUnavailableType,
            detail: "A data store is unreachable right now; retry later.", headers: [.retryAfter: "5"])
    }

    /// 400 when `error` says a value the client sent cannot be stored as text (a NUL character in a query or
    /// path parameter: JSON bodies refuse it at decoding, naming the field). Nil for any other error.
    static func unstorableValue(for error: any Error) -> ProblemDetails? {
        let invalid =
            switch error {
            case let error as PostgresError: error.kind == .invalidParameter
            case MessageStoreError.database(let error): error.kind == .invalidParameter
            case HuntStoreError.database(let error): error.kind == .invalidParameter
            default: false
            }
        guard invalid else { return nil }
        return ProblemDetails(
            status: .badRequest, type: "urn:auto-prospect:problem:invalid-parameter",
            detail: "A parameter holds a character that cannot be stored (NUL).")
    }

    /// Postgres cannot serve now: unreachable, no answer within the deadline, no pooled connection free, the
    /// pool closing, or the server cancelling a statement that ran past `statement_timeout` (57014).
    private static func isUnavailable(_ error: PostgresError) -> Bool {
        error.isConnectionProblem || error.kind == .poolClosed || error.sqlState == "57014"
    }
}
