import Hummingbird
import ServiceRuntime

/// An RFC 9457 problem, the body of every error the gateway answers (`application/problem+json`):
///
/// ```json
/// {"detail":"No route for this path.","status":404,"title":"Not Found","type":"urn:auto-prospect:problem:not-found"}
/// ```
///
/// `type` is stable for clients to branch on; `detail` is for humans and never holds secrets, phone numbers
/// or message bodies. Handlers may throw a `ProblemDetails` directly (e.g. with field `errors`).
package struct ProblemDetails: Error, Sendable, Hashable, HTTPResponseError {
    /// One invalid input field, for validation problems.
    package struct FieldError: Sendable, Hashable, Codable {
        package var field: String
        package var message: String

        package init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    /// The problem type, a URN: `urn:auto-prospect:problem:<slug>`.
    package var type: String
    package var title: String
    package var status: HTTPResponse.Status
    package var detail: String?
    package var errors: [FieldError]?
    /// Extra response headers (`WWW-Authenticate`, `Retry-After`, `Allow`...).
    package var headers: HTTPFields

    /// A problem of `type` (by default the one for `status`, e.g. `...:not-found`).
    package init(
        status: HTTPResponse.Status, type: String? = nil, title: String? = nil, detail: String? = nil,
        errors: [FieldError]? = nil, headers: HTTPFields = [:]
    ) {
        self.type = type ?? Self.type(for: status)
        self.title = title ?? status.reasonPhrase
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    /// The media type of problem bodies.
    package static let contentType = "application/problem+json"

    /// `urn:auto-prospect:problem:` followed by the status's reason phrase in kebab case.
    package static func type(for status: HTTPResponse.Status) -> String {
        let words = status.reasonPhrase.lowercased().split { !$0.isLetter && !$0.isNumber }
        let slug = words.isEmpty ? "status-\(status.code)" : words.joined(separator: "-")
        return "urn:auto-prospect:problem:\(slug)"
    }

    package func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try Response.json(Body(self), status: status, contentType: Self.contentType)
        for field in headers where field.name != .contentType && field.name != .contentLength {
            response.headers.append(field)
        }
        return response
    }

    /// The JSON shape (`status` as a number).
    package struct Body: Sendable, Hashable, Codable {
        package var type: String
        package var title: String
        package var status: Int
        package var detail: String?
        package var errors: [FieldError]?

        init(_ problem: ProblemDetails) {
            type = problem.type
            title = problem.title
            status = problem.status.code
            detail = problem.detail
            errors = problem.errors
        }
    }
}
