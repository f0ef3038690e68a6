extension FormParameters {
    /// Decodes a form-urlencoded body: `&`-separated pairs split at the first `=`, `+` as a space, `%XX`
    /// escapes as bytes, the result as UTF-8. Empty segments (`a=1&&b=2`) are skipped.
    package init(urlEncoded body: [UInt8]) throws(WebhookError) {
        var fields = [Field]()
        for segment in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let separator = segment.firstIndex(of: UInt8(ascii: "="))
            let name = try Self.decodeComponent(segment[..<(separator ?? segment.endIndex)])
            let value = try separator.map { index throws(WebhookError) in
                try Self.decodeComponent(segment[segment.index(after: index)...])
            }
            fields.append(Field(name: name, value: value ?? ""))
        }
        self.init(fields)
    }

    /// Decodes a form-urlencoded string (a body already read as text).
    package init(urlEncoded body: String) throws(WebhookError) {
        try self.init(urlEncoded: Array(body.utf8))
    }

    private static func decodeComponent(_ encoded: ArraySlice<UInt8>) throws(WebhookError) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(encoded.count)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let byte = encoded[index]
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
                index += 1
            case UInt8(ascii: "%"):
                guard encoded.endIndex - index >= 3, let high = hexValue(encoded[index + 1]),
                    let low = hexValue(encoded[index + 2])
                else { throw .malformedBody("invalid percent escape") }
                bytes.append(high << 4 | low)
                index += 3
            default:
                bytes.append(byte)
                index += 1
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .malformedBody("field is not UTF-8")
        }
        return text
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
