import Foundation
import Hummingbird

extension Request {
    /// Decodes the body as `Body`, refusing what a lenient decoder would let through:
    ///
    /// - a `Content-Type` other than JSON: 415;
    /// - a body that is not a JSON object: 400 `malformed-body`;
    /// - fields `Body` does not know: 400 `unknown-field`, each named in `errors`: top-level ones (not in
    ///   ``StrictJSONBody/fields``) before anything else, then fields of nested objects that no decoded type
    ///   asked for, by dotted path (`pacing.minGap`, `template.parameter`);
    /// - missing required fields, or a field of the wrong type: 422 `validation` naming the fields;
    /// - values `Body` finds invalid: 422 `validation` with every field's error.
    ///
    /// Details and field errors describe the rule, never the value sent (it may be a secret).
    func decodeStrict<Body: StrictJSONBody>(_ type: Body.Type, context: some RequestContext) async throws -> Body {
        if let contentType = headers[.contentType], !StrictJSON.isJSON(contentType) {
            throw ProblemDetails(
                status: .unsupportedMediaType, detail: "Send the body as application/json.")
        }
        let data = Data(try await body.collect(upTo: context.maxUploadSize).readableBytesView)
        let decoder = JSONDecoder()
        guard let object = try? decoder.decode([String: StrictJSON.AnyValue].self, from: data) else {
            throw ProblemDetails(
                status: .badRequest, type: StrictJSON.malformedType, detail: "The body must be a JSON object.")
        }
        // Top-level fields first, before any type is checked.
        let unknown = Set(object.keys).subtracting(Body.fields).sorted()
        guard unknown.isEmpty else { throw StrictJSON.unknownFields(unknown) }
        let missing = Body.fields.subtracting(Body.optionalFields).subtracting(object.keys).sorted()
        guard missing.isEmpty else {
            throw StrictJSON.invalid(missing.map { .init(field: $0, message: "is required") })
        }
        let decoded: (value: Body, unknownKeys: [String])
        do {
            decoded = try StrictJSON.decodeTrackingKeys(Body.self, from: data)
        } catch let error as DecodingError {
            throw StrictJSON.invalid([StrictJSON.fieldError(error)])
        }
        // Fields inside nested objects (`pacing.minGap`), which only the decoded types know.
        guard decoded.unknownKeys.isEmpty else { throw StrictJSON.unknownFields(decoded.unknownKeys) }
        let value = decoded.value
        let errors = value.validationErrors()
        guard errors.isEmpty else { throw StrictJSON.invalid(errors) }
        return value
    }
}

/// The pieces of ``Request/decodeStrict(_:context:)``.
enum StrictJSON {
    static let malformedType = "urn:auto-prospect:problem:malformed-body"
    static let unknownFieldType = "urn:auto-prospect:problem:unknown-field"
    static let validationType = "urn:auto-prospect:problem:validation"

    /// Any JSON value, left unread: decoding `[String: AnyValue]` only checks the body is an object.
    struct AnyValue: Decodable {
        init(from decoder: any Decoder) throws {}
    }

    /// 400 `unknown-field` naming each of `fields` (dotted paths).
    static func unknownFields(_ fields: [String]) -> ProblemDetails {
        ProblemDetails(
            status: .badRequest, type: unknownFieldType, detail: "The body has fields this endpoint does not accept.",
            errors: fields.map { .init(field: $0, message: "is not a known field") })
    }

    /// `Body` decoded from `data`, with the dotted path of every key of the body that none of the decoded
    /// types asked for (see ``KeyTrackingDecoder``).
    static func decodeTrackingKeys<Body: Decodable>(_ type: Body.Type, from data: Data) throws
        -> (value: Body, unknownKeys: [String])
    {
        let tracked = try JSONDecoder().decode(Tracked<Body>.self, from: data)
        return (tracked.value, tracked.unknownKeys)
    }

    /// `Value` decoded through a ``KeyTrackingDecoder`` over `JSONDecoder`'s own decoder.
    private struct Tracked<Value: Decodable>: Decodable {
        var value: Value
        var unknownKeys: [String]

        init(from decoder: any Decoder) throws {
            let keys = DecodedKeys()
            value = try Value(from: KeyTrackingDecoder(base: decoder, keys: keys))
            unknownKeys = keys.unknown
        }
    }

    static func invalid(_ errors: [ProblemDetails.FieldError]) -> ProblemDetails {
        ProblemDetails(
            status: .unprocessableContent, type: validationType, detail: "The request has invalid fields.",
            errors: errors)
    }

    static func isJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        return mediaType == "application/json" || mediaType?.hasSuffix("+json") == true
    }

    /// The field a decoding error is about and what it should be. The error's own text is not used: it
    /// quotes the value.
    static func fieldError(_ error: DecodingError) -> ProblemDetails.FieldError {
        switch error {
        case .typeMismatch(let type, let context):
            return .init(field: path(context.codingPath), message: "must be \(describe(type))")
        case .valueNotFound(let type, let context):
            return .init(field: path(context.codingPath), message: "must be \(describe(type)), not null")
        case .keyNotFound(let key, let context):
            return .init(field: path(context.codingPath + [key]), message: "is required")
        case .dataCorrupted(let context) where context.debugDescription == KeyTrackingDecoder.nulText:
            return .init(field: path(context.codingPath), message: KeyTrackingDecoder.nulText)
        case .dataCorrupted(let context):
            return .init(field: path(context.codingPath), message: "has a value out of range or of the wrong form")
        @unknown default:
            return .init(field: "", message: "is invalid")
        }
    }

    /// A coding path as the dotted field name problems use (`media.url`, `items.2.name`).
    static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { key in key.intValue.map(String.init) ?? key.stringValue }.joined(separator: ".")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Bool.Type: "a boolean"
        case is Double.Type, is Float.Type: "a number"
        case is [Any].Type: "an array"
        case is [String: Any].Type: "an object"
        default: "of another type"
        }
    }
}
