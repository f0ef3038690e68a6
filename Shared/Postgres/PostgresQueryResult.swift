/// The outcome of one statement: its rows (for queries) and how many rows it touched (for commands).
package struct PostgresQueryResult: Sendable, RandomAccessCollection {
    /// The rows, in the order the server sent them.
    package let rows: [PostgresRow]
    /// The result's column names (empty for commands without `RETURNING`).
    package let columnNames: [String]
    /// Rows inserted, updated, deleted, selected, moved, fetched or copied (`PQcmdTuples`); 0 otherwise.
    package let rowsAffected: Int
    /// The command tag, such as `INSERT 0 1`, `UPDATE 3` or `COMMIT`.
    package let commandTag: String

    init(rows: [PostgresRow], columnNames: [String], rowsAffected: Int, commandTag: String) {
        self.rows = rows
        self.columnNames = columnNames
        self.rowsAffected = rowsAffected
        self.commandTag = commandTag
    }

    package var startIndex: Int { rows.startIndex }
    package var endIndex: Int { rows.endIndex }
    package subscript(position: Int) -> PostgresRow { rows[position] }
}
