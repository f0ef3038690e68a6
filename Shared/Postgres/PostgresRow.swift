/// One result row, values kept in Postgres' text format until decoded.
package struct PostgresRow: Sendable {
    let columns: PostgresColumns
    let values: [String?]

    init(columns: PostgresColumns, values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// The result's column names, in order.
    package var columnNames: [String] { columns.names }

    /// Decodes the value of the column named `column` (the first one, if several share the name).
    ///
    /// Errors name the column and the target type, never the value.
    package func decode<Value: PostgresDecodable>(_ type: Value.Type, _ column: String) throws(PostgresError) -> Value {
        guard let index = columns.index(of: column) else {
            throw PostgresError(.decoding, "the result has no column named \"\(column)\"")
        }
        return try decode(type, at: index)
    }

    /// Decodes the value at column position `index` (from 0).
    package func decode<Value: PostgresDecodable>(_ type: Value.Type, at index: Int) throws(PostgresError) -> Value {
        guard values.indices.contains(index) else {
            throw PostgresError(.decoding, "the result has no column at index \(index) (it has \(values.count))")
        }
        guard let text = values[index] else {
            guard let null = Value.postgresNull else {
                throw failure(Value.self, at: index, "it is NULL; decode an Optional instead")
            }
            return null
        }
        guard let value = Value(postgresText: text) else {
            throw failure(Value.self, at: index, "its text is not a valid \(Value.self)")
        }
        return value
    }

    /// Whether the column at `index` holds SQL NULL (false for an index out of range).
    package func isNull(at index: Int) -> Bool {
        values.indices.contains(index) && values[index] == nil
    }

    private func failure<Value>(_ type: Value.Type, at index: Int, _ why: String) -> PostgresError {
        PostgresError(
            .decoding, "column \"\(columns.names[index])\" (index \(index)) cannot be decoded as \(Value.self): \(why)")
    }
}
