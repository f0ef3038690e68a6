import Domain
import Foundation
import MessageStore
import Postgres

/// `GET /api/messages`: an account's messages, newest first, filtered by status, channel, recipient,
/// correlation id, hunt and creation time, paged by a keyset cursor (the last row's creation time and id), so
/// a page costs the same however deep it is. Each filter has an index that starts with the account
/// (`messages_account_created_idx`, `…_channel_status_idx`, `…_phone_idx`, `…_correlation_idx`, `…_hunt_ad_idx`).
struct MessageSearch: Sendable {
    struct Filters: Sendable, Hashable {
        var status: MessageStatus?
        var channel: Channel?
        var recipient: PhoneNumber?
        var correlationID: String?
        var huntID: UUID?
        var from: Date?
        var to: Date?
        var limit = 50
        var cursor: Cursor?
    }

    /// Where a page ends: the creation time (Postgres' text form, exact to the microsecond) and id of its last
    /// row; opaque to clients (base64url).
    struct Cursor: Sendable, Hashable {
        var createdAt: String
        var id: UUID

        init(createdAt: String, id: UUID) {
            self.createdAt = createdAt
            self.id = id
        }

        init?(token: String) {
            var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while base64.count % 4 != 0 { base64 += "=" }
            guard token.count <= 200, let data = Data(base64Encoded: base64),
                let text = String(data: data, encoding: .utf8), let bar = text.lastIndex(of: "|"),
                let id = UUID(uuidString: String(text[text.index(after: bar)...]))
            else { return nil }
            let createdAt = String(text[..<bar])
            guard createdAt.allSatisfy({ $0.isNumber || " -:.+T".contains($0) }) else { return nil }
            self.init(createdAt: createdAt, id: id)
        }

        var token: String {
            Data("\(createdAt)|\(id.uuidString.lowercased())".utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
    }

    let pool: PostgresPool

    /// One page and the cursor of the next (nil on the last page).
    /// `accountID` nil: every account's (the operator's dashboard).
    func page(accountID: UUID?, _ filters: Filters) async throws -> ([StoredMessage], Cursor?) {
        var conditions = ["true"]
        var parameters: [any PostgresBindable] = []
        if let accountID {
            parameters.append(accountID)
            conditions = ["account_id = $1"]
        }
        func add(_ condition: (String) -> String, _ value: any PostgresBindable) {
            parameters.append(value)
            conditions.append(condition("$\(parameters.count)"))
        }
        if let status = filters.status { add({ "status = \($0)" }, status.rawValue) }
        if let channel = filters.channel { add({ "channel = \($0)" }, channel.rawValue) }
        if let recipient = filters.recipient { add({ "recipient = \($0)" }, recipient.e164) }
        if let correlation = filters.correlationID { add({ "correlation_id = \($0)" }, correlation) }
        if let hunt = filters.huntID { add({ "hunt_id = \($0)" }, hunt) }
        if let from = filters.from { add({ "created_at >= \($0)" }, from) }
        if let to = filters.to { add({ "created_at < \($0)" }, to) }
        if let cursor = filters.cursor {
            parameters.append(cursor.createdAt)
            parameters.append(cursor.id)
            conditions.append("(created_at, id) < ($\(parameters.count - 1)::timestamptz, $\(parameters.count)::uuid)")
        }
        parameters.append(filters.limit + 1)
        let rows = try await pool.query(
            """
            select \(StoredMessage.columns), created_at::text as cursor_created_at from messages
            where \(conditions.joined(separator: " and "))
            order by created_at desc, id desc limit $\(parameters.count)
            """,
            parameters)
        let messages = try rows.prefix(filters.limit).map { try StoredMessage(row: $0) }
        guard rows.count > filters.limit, let last = rows.prefix(filters.limit).last, let lastMessage = messages.last
        else { return (messages, nil) }
        return (messages, Cursor(createdAt: try last.decode(String.self, "cursor_created_at"), id: lastMessage.id))
    }
}
