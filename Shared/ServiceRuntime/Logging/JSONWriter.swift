/// Builds one JSON object as text, key by key. Hand-written (rather than `JSONEncoder`) so that log lines
/// keep a fixed key order and cost one string per line.
struct JSONWriter {
    private(set) var text = "{"
    private var isFirst = true

    /// Starts a new member; the caller then appends exactly one value.
    mutating func key(_ key: String) {
        if !isFirst { text.append(",") }
        isFirst = false
        Self.appendString(key, to: &text)
        text.append(":")
    }

    mutating func string(_ key: String, _ value: String) {
        self.key(key)
        Self.appendString(value, to: &text)
    }

    /// Appends pre-rendered JSON (a number, `true`, an array...) as the current member's value.
    mutating func raw(_ json: String) {
        text.append(json)
    }

    /// The object, closed, followed by a newline.
    func line() -> String {
        text + "}\n"
    }

    /// Appends `value` as a JSON string: quotes, backslashes and control characters escaped (RFC 8259), and
    /// U+2028/U+2029 too, so a line stays one line for every reader.
    static func appendString(_ value: String, to text: inout String) {
        text.append("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text.append("\\\"")
            case "\\": text.append("\\\\")
            case "\n": text.append("\\n")
            case "\r": text.append("\\r")
            case "\t": text.append("\\t")
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}":
                text.append("\\u")
                let hex = String(scalar.value, radix: 16)
                text.append(String(repeating: "0", count: 4 - hex.count) + hex)
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text.append("\"")
    }
}
