import Hummingbird
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
            case let error as PostgresError: error.isConnectionProblem || error.kind == .poolClosed
            case MessageStoreError.database(let error): error.isConnectionProblem || error.kind == .poolClosed
            default: false
            }
        guard unreachable else { return nil }
        return ProblemDetails(
            status: .serviceUnavailable, type: storeUnavailableType,
            detail: "A data store is unreachable right now; retry later.", headers: [.retryAfter: "5"])
    }
}
