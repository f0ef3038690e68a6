import Hummingbird
import ServiceRuntime

/// Lets a request through only with `Authorization: Bearer <AP_ADMIN_SECRET>`; anything else answers 401
/// problem+json with `WWW-Authenticate: Bearer`. The token is compared in constant time, and neither the
/// token given nor the secret appears in the answer or the log.
package struct AdminAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    private let secret: [UInt8]
    private let name: String

    /// `name` says in problems which secret is expected (`admin secret`, `worker token`).
    package init(secret: Secret, name: String = "admin secret") {
        self.secret = Array(secret.revealed.utf8)
        self.name = name
    }

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token = Self.bearerToken(request.headers[.authorization]) else {
            throw Self.unauthorized("The \(name) is required: send Authorization: Bearer <\(name)>.")
        }
        guard ConstantTimeComparison.equals(Array(token.utf8), secret) else {
            throw Self.unauthorized("The \(name) is not valid.")
        }
        return try await next(request, context)
    }

    /// The credentials of a `Bearer` authorization (scheme matched without regard to case, RFC 9110).
    static func bearerToken(_ header: String?) -> Substring? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].drop { $0 == " " }
        return token.isEmpty ? nil : token
    }

    private static func unauthorized(_ detail: String) -> ProblemDetails {
        ProblemDetails(status: .unauthorized, detail: detail, headers: [.wwwAuthenticate: "Bearer"])
    }
}
