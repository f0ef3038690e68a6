import Hummingbird
import Logging

/// Turns every error thrown below it into an `application/problem+json` response:
///
/// - ``ProblemDetails`` as thrown;
/// - Hummingbird's `HTTPError` (including the router's 404) with its status, message as `detail`, headers kept;
/// - any other `HTTPResponseError` with its status;
/// - a Redis or Postgres error saying the store is unreachable as 503 with `Retry-After` (logged as a warning);
/// - anything else as 500 with a generic detail: internals stay in the log (`error.type`), not the response.
package struct ProblemDetailsMiddleware<Context: RequestContext>: RouterMiddleware {
    package init() {}

    package func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try problem(for: error, context: context).response(from: request, context: context)
        }
    }

    private func problem(for error: any Error, context: Context) -> ProblemDetails {
        switch error {
        case let problem as ProblemDetails:
            return problem
        case let error as HTTPError:
            let detail = error.body ?? (error.status == .notFound ? "No resource at this path." : nil)
            return ProblemDetails(status: error.status, detail: detail, headers: error.headers)
        case let error as any HTTPResponseError:
            return ProblemDetails(status: error.status)
        default:
            if let unavailable = ProblemDetails.storeUnavailable(for: error) {
                context.logger.warning("Store unavailable", error: error)
                return unavailable
            }
            if let unstorable = ProblemDetails.unstorableValue(for: error) { return unstorable }
            context.logger.error("Unhandled error", error: error)
            return ProblemDetails(
                status: .internalServerError, detail: "The request failed unexpectedly; it has been logged."
            )
        }
    }
}
