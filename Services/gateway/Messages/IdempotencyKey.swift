import HTTPTypes
import Hummingbird

/// The `Idempotency-Key` request header: a retried request with the same key returns the message the
/// first one created. 1 to 255 visible ASCII characters (a UUID is the usual choice).
enum IdempotencyKey {
    static let headerName = HTTPField.Name("Idempotency-Key")!

    /// The header's value, nil when absent; a 400 problem when malformed.
    static func read(from request: Request) throws -> String? {
        guard let value = request.headers[headerName] else { return nil }
        guard (1...255).contains(value.utf8.count), value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ProblemDetails(
                status: .badRequest, type: "urn:auto-prospect:problem:invalid-idempotency-key",
                detail: "The Idempotency-Key header must be 1 to 255 visible ASCII characters.",
                errors: [.init(field: "Idempotency-Key", message: "must be 1 to 255 visible ASCII characters")])
        }
        return value
    }
}
