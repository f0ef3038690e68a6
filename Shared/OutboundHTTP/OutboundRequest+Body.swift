import Foundation

extension OutboundRequest {
    /// Sets raw body bytes and their `Content-Type`.
    package mutating func setBody(_ bytes: [UInt8], contentType: String) {
        body = bytes
        headers.replaceOrAdd("Content-Type", contentType)
    }

    /// Encodes `value` as the JSON body and sets `Content-Type: application/json`.
    package mutating func setJSONBody(
        _ value: some Encodable, encoder: JSONEncoder = JSONEncoder()
    ) throws(OutboundHTTPError) {
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            // The encoder's message can quote the value being encoded.
            throw .invalidRequest("the JSON body could not be encoded")
        }
        setBody(Array(data), contentType: "application/json")
    }

    /// Sets an `application/x-www-form-urlencoded` body from fields in order (names may repeat).
    package mutating func setFormBody(_ fields: [(name: String, value: String)]) {
        let encoded = FormURLEncoding.encode(fields)
        setBody(Array(encoded.utf8), contentType: "application/x-www-form-urlencoded")
    }
}
