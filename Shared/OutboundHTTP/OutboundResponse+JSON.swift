import Foundation

extension OutboundResponse {
    /// Decodes the body as JSON. The error names the target type and the failing key path, never a value.
    package func decodeJSON<T: Decodable>(
        _ type: T.Type = T.self, decoder: JSONDecoder = JSONDecoder()
    ) throws(OutboundHTTPError) -> T {
        do {
            return try decoder.decode(type, from: Data(body))
        } catch let error as DecodingError {
            throw .undecodableBody(endpoint: endpoint, type: "\(type)", reason: error.safeSummary)
        } catch {
            throw .undecodableBody(endpoint: endpoint, type: "\(type)", reason: "not valid JSON")
        }
    }
}

extension DecodingError {
    /// What went wrong and where, without the decoder's debug text (which can quote the data).
    fileprivate var safeSummary: String {
        switch self {
        case .typeMismatch(_, let context): "wrong type at \(Self.path(context.codingPath))"
        case .valueNotFound(_, let context): "missing value at \(Self.path(context.codingPath))"
        case .keyNotFound(let key, let context):
            "missing key \(Self.pathComponent(key)) at \(Self.path(context.codingPath))"
        case .dataCorrupted(let context):
            context.codingPath.isEmpty ? "not valid JSON" : "invalid value at \(Self.path(context.codingPath))"
        @unknown default: "undecodable"
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.isEmpty ? "the top level" : codingPath.map(pathComponent).joined(separator: ".")
    }

    /// Keys of keyed containers can be data (a phone number used as a dictionary key, which even has an
    /// `intValue`): only array indices and identifier-like keys are shown.
    private static func pathComponent(_ key: any CodingKey) -> String {
        let name = key.stringValue
        if let index = key.intValue, name == "Index \(index)" { return "[\(index)]" }
        let isIdentifier =
            name.utf8.count <= 40 && name.first.map { $0.isLetter || $0 == "_" } == true
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return isIdentifier ? name : "*"
    }
}
