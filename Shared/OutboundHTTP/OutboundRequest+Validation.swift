extension OutboundRequest {
    /// Checks what libcurl would otherwise send as given: a header containing CR or LF would let a value
    /// (from a customer or a provider) inject extra headers or a second request.
    func validate() throws(OutboundHTTPError) {
        for field in headers {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(Self.isTokenCharacter) else {
                throw .invalidRequest("a header name is empty or contains characters not allowed in a token")
            }
            guard !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else {
                throw .invalidRequest("the value of header \(field.name) contains a line break or NUL")
            }
        }
        if method == .head && !body.isEmpty {
            throw .invalidRequest("a HEAD request cannot have a body")
        }
        if let limit = maxResponseBodySize, limit <= 0 {
            throw .invalidRequest("the response body limit must be positive")
        }
    }

    /// RFC 9110 `tchar`.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
