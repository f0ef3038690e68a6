extension PostgresConnection {
    /// Runs `body` inside `BEGIN` ... `COMMIT` on this connection; an error thrown by `body` rolls back
    /// and is rethrown.
    ///
    /// If a statement failed inside `body` but `body` swallowed the error, the server turns `COMMIT` into
    /// a rollback; that is reported as ``PostgresError/Kind/transactionAborted`` rather than success.
    package func withTransaction<Result>(
        _ level: PostgresIsolationLevel = .serverDefault,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await execute(level.beginStatement)
        let result: Result
        do {
            result = try await body(self)
        } catch {
            await rollBack()
            throw error
        }
        let commit = try await query("COMMIT")
        if commit.commandTag == "ROLLBACK" {
            throw PostgresError(.transactionAborted, "a statement in the transaction failed, so COMMIT rolled it back")
        }
        return result
    }

    /// Best effort: when it fails the link is broken, and the pool discards connections left mid-transaction.
    private func rollBack() async {
        guard isUsable else { return }
        _ = try? await execute("ROLLBACK")
    }
}
