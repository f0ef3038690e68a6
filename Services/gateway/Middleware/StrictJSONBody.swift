import Hummingbird

/// A request body decoded strictly by ``Request/decodeStrict(_:context:)``: a JSON object with only
/// the ``fields`` listed (another field answers 400), each of the right type (else 422), then
/// ``validationErrors()`` empty (else 422 with every field's error). Nested objects need no list: a key that
/// their `Decodable` types do not read answers 400 too, by its dotted path (``KeyTrackingDecoder``).
protocol StrictJSONBody: Decodable, Sendable {
    /// Every field the body may hold.
    static var fields: Set<String> { get }
    /// The fields that may be left out; the others are required.
    static var optionalFields: Set<String> { get }
    /// What is wrong with the decoded values, one error per field; empty when the body is valid.
    func validationErrors() -> [ProblemDetails.FieldError]
}

extension StrictJSONBody {
    static var optionalFields: Set<String> { [] }
    func validationErrors() -> [ProblemDetails.FieldError] { [] }
}
