import Domain
import Foundation
import Postgres

/// Message templates, account-scoped: a template of another account is not found.
package struct TemplateStore: Sendable {
    let pool: PostgresPool

    package init(pool: PostgresPool) {
        self.pool = pool
    }

    package func create(accountID: UUID, _ fields: TemplateFields) async throws(HuntStoreError) -> MessageTemplate {
        try await one(
            """
            insert into message_templates (account_id, name, channel, text, token_audio) values ($1, $2, $3, $4, $5)
            returning \(MessageTemplate.columns)
            """,
            [accountID, fields.name, fields.channel.rawValue, fields.text, fields.tokenAudio])
    }

    package func update(accountID: UUID, id: UUID, _ fields: TemplateFields) async throws(HuntStoreError)
        -> MessageTemplate
    {
        try await one(
            """
            update message_templates set name = $3, channel = $4, text = $5, token_audio = $6, updated_at = now()
            where account_id = $1 and id = $2
            returning \(MessageTemplate.columns)
            """,
            [accountID, id, fields.name, fields.channel.rawValue, fields.text, fields.tokenAudio])
    }

    package func find(accountID: UUID, id: UUID) async throws(HuntStoreError) -> MessageTemplate? {
        do {
            return try await one(
                "select \(MessageTemplate.columns) from message_templates where account_id = $1 and id = $2",
                [accountID, id])
        } catch .notFound {
            return nil
        }
    }

    /// The account's templates (of `channel`, when given), oldest first.
    package func list(accountID: UUID, channel: Channel?) async throws(HuntStoreError) -> [MessageTemplate] {
        do {
            let rows = try await pool.query(
                """
                select \(MessageTemplate.columns) from message_templates
                where account_id = $1 and ($2::text is null or channel = $2) order by created_at, id
                """,
                [accountID, channel?.rawValue])
            return try rows.map { row throws(HuntStoreError) in try MessageTemplate(row: row) }
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    /// False when the account has no such template.
    package func delete(accountID: UUID, id: UUID) async throws(HuntStoreError) -> Bool {
        do {
            return try await pool.execute(
                "delete from message_templates where account_id = $1 and id = $2", [accountID, id]) == 1
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }

    private func one(_ sql: String, _ parameters: [any PostgresBindable]) async throws(HuntStoreError)
        -> MessageTemplate
    {
        do {
            guard let row = try await pool.query(sql, parameters).first else { throw HuntStoreError.notFound }
            return try MessageTemplate(row: row)
        } catch {
            throw HuntStoreError.wrapping(error)
        }
    }
}
