import Hummingbird

/// Lets a request through only with `Authorization: Bearer <API key>` naming a key that exists and is not
/// revoked, and records its account in ``GatewayRequestContext/accountID``. Anything else answers 401
/// problem+json with `WWW-Authenticate: Bearer`; the key given never appears in the answer or the log.
struct AccountAuthMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext

    let keys: APIKeyRepository

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let header = request.headers[.authorization]
        guard let token = AdminAuthMiddleware<Context>.bearerToken(header) else {
            throw Self.unauthorized("An API key is required: send Authorization: Bearer <key>.")
        }
        switch try await keys.authenticate(String(token)) {
        case .valid(let accountID):
            var context = context
            context.accountID = accountID
            return try await next(request, context)
        case .revoked:
            throw Self.unauthorized("The API key has been revoked.")
        case .unknown:
            throw Self.unauthorized("The API key is not valid.")
        }
    }

    static func unauthorized(_ detail: String) -> ProblemDetails {
        ProblemDetails(status: .unauthorized, detail: detail, headers: [.wwwAuthenticate: "Bearer"])
    }
}
