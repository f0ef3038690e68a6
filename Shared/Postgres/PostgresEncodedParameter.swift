/// A bound value turned into what libpq sends: text (nil for NULL) and a type OID (0: server infers).
struct PostgresEncodedParameter: Sendable {
    var text: String?
    var typeOID: UInt32

    /// Encodes `$1...$n`; fails (naming the position, never the value) on text Postgres cannot hold.
    static func encode(_ parameters: [any PostgresBindable]) throws(PostgresError) -> [PostgresEncodedParameter] {
        var encoded: [PostgresEncodedParameter] = []
        encoded.reserveCapacity(parameters.count)
        for (index, parameter) in parameters.enumerated() {
            let text = parameter.postgresText
            if let text, text.utf8.contains(0) {
                throw PostgresError(
                    .invalidParameter, "parameter $\(index + 1) contains a NUL byte, which Postgres text cannot hold")
            }
            encoded.append(PostgresEncodedParameter(text: text, typeOID: parameter.postgresTypeOID))
        }
        return encoded
    }
}
