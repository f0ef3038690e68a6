extension PostgresConfiguration {
    /// Parses `postgres://user[:password]@host[:port]/database[?key=value&...]` (or `postgresql://`).
    ///
    /// Query keys: `pool_size`, `connect_timeout` (seconds), `search_path`, `application_name`,
    /// `statement_timeout` (milliseconds); any other key is passed to libpq as a connection keyword
    /// (`sslmode=require`, ...). User, password, host and database may be percent-encoded; a host in
    /// brackets is an IPv6 address, a percent-encoded path (`%2Fvar%2Frun%2Fpostgresql`) a socket folder.
    /// Errors never repeat the password.
    package init(url: String) throws(PostgresError) {
        guard let schemeEnd = url.range(of: "://"),
            ["postgres", "postgresql"].contains(url[..<schemeEnd.lowerBound].lowercased())
        else {
            throw Self.invalid("the database URL must start with postgres:// or postgresql://")
        }
        var rest = Substring(url[schemeEnd.upperBound...])
        var queryText: Substring = ""
        if let question = rest.firstIndex(of: "?") {
            queryText = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        var database: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            database = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }

        var username = ""
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                username = try Self.decode(credentials[..<colon], "user name")
                password = try Self.decode(credentials[credentials.index(after: colon)...], "password")
            } else {
                username = try Self.decode(credentials, "user name")
            }
        }
        guard !username.isEmpty else { throw Self.invalid("the database URL has no user name") }

        let (host, port) = try Self.hostAndPort(rest)
        let databaseName = try Self.decode(database, "database name")
        guard !databaseName.isEmpty else { throw Self.invalid("the database URL has no database name") }

        self.init(host: host, port: port, database: databaseName, username: username, password: password)
        try applyQuery(queryText)
    }

    private static func hostAndPort(_ text: Substring) throws(PostgresError) -> (String, Int) {
        var hostText = text
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw invalid("the database URL has an unclosed [ in its host")
            }
            hostText = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw invalid("the database URL has text after its IPv6 host")
            }
        } else if let colon = text.lastIndex(of: ":") {
            hostText = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        let host = try decode(hostText, "host")
        guard !host.isEmpty else { throw invalid("the database URL has no host") }
        var port = 5432
        if let portText {
            guard let parsed = Int(portText), (1...65535).contains(parsed) else {
                throw invalid("the database URL port must be a number from 1 to 65535")
            }
            port = parsed
        }
        return (host, port)
    }

    private mutating func applyQuery(_ query: Substring) throws(PostgresError) {
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try Self.decode(parts[0], "query key")
            let value = try Self.decode(parts.count > 1 ? parts[1] : "", "value of \(key)")
            switch key {
            case "pool_size":
                guard let size = Int(value), size > 0 else {
                    throw Self.invalid("pool_size must be a positive integer")
                }
                poolSize = size
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw Self.invalid("connect_timeout must be a positive number of seconds")
                }
                connectTimeout = .seconds(seconds)
            case "statement_timeout":
                guard let milliseconds = Int(value), milliseconds >= 0 else {
                    throw Self.invalid("statement_timeout must be a non-negative number of milliseconds")
                }
                statementTimeout = milliseconds == 0 ? nil : .milliseconds(milliseconds)
            case "search_path":
                searchPath = value.isEmpty ? nil : value
            case "application_name":
                applicationName = value.isEmpty ? nil : value
            case "password", "user", "host", "port", "dbname":
                throw Self.invalid("\(key) belongs in the URL itself, not in its query")
            default:
                guard !key.isEmpty else { throw Self.invalid("the database URL has an empty query key") }
                options[key] = value
            }
        }
    }

    private static func invalid(_ why: String) -> PostgresError {
        PostgresError(.invalidConfiguration, why)
    }

    /// Percent-decoding without Foundation's URL parser (which rejects some valid passwords).
    private static func decode(_ text: Substring, _ what: String) throws(PostgresError) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw invalid("the database URL's \(what) has a malformed percent-escape")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw invalid("the database URL's \(what) is not valid UTF-8")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
