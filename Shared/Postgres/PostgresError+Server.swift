extension PostgresError {
    /// Builds the error for a statement the server rejected, keeping only text that cannot carry values.
    static func server(
        sqlState: String?, primaryMessage: String, constraint: String?, connectionLost: Bool
    ) -> PostgresError {
        PostgresError(
            connectionLost ? .connectionLost : .server,
            redactingValues(in: primaryMessage, sqlState: sqlState),
            sqlState: sqlState,
            constraint: constraint
        )
    }

    /// Data exceptions (class 22) echo the rejected input, e.g. `invalid input syntax for type uuid: "..."`
    /// or `value "..." is out of range for type integer`; that input is usually a bound parameter.
    static func redactingValues(in message: String, sqlState: String?) -> String {
        let trimmed = message.trimmingWhitespace
        guard let sqlState, sqlState.hasPrefix("22") else { return trimmed }
        var kept = trimmed
        if let colon = kept.range(of: ": ") {
            kept = String(kept[..<colon.lowerBound])
        }
        var redacted = ""
        var insideQuotes = false
        for character in kept {
            if character == "\"" {
                redacted.append(insideQuotes ? "…\"" : "\"")
                insideQuotes.toggle()
            } else if !insideQuotes {
                redacted.append(character)
            }
        }
        if insideQuotes { redacted.append("…") }
        return redacted
    }

    /// Text from libpq itself (connection failures): multi-line, with tabs; folded onto one line.
    static func libpqMessage(_ text: String, fallback: String) -> String {
        let folded = text.split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
        return folded.isEmpty ? fallback : folded.joined(separator: " ")
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
