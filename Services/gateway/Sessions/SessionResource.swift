import Domain
import Foundation
import Postgres

/// A WhatsApp session as the API shows it:
///
/// ```json
/// {"id":"…","name":"sales-1","engine":"sandbox","status":"qr_required","workerId":"wa-1","phone":null,
///  "lastError":null,"createdAt":"…","updatedAt":"…"}
/// ```
package struct SessionResource: Codable, Sendable, Equatable {
    package var id: String
    package var name: String
    package var engine: String
    package var status: String
    package var workerId: String?
    package var phone: String?
    package var lastError: String?
    package var createdAt: Date
    package var updatedAt: Date

    static let columns = "id, account_id, name, engine, status, worker_id, phone, last_error, created_at, updated_at"

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, "id").uuidString.lowercased()
        name = try row.decode(String.self, "name")
        engine = try row.decode(String.self, "engine")
        status = try row.decode(String.self, "status")
        workerId = try row.decode(String?.self, "worker_id")
        phone = try row.decode(String?.self, "phone")
        lastError = try row.decode(String?.self, "last_error")
        createdAt = try row.decode(Date.self, "created_at")
        updatedAt = try row.decode(Date.self, "updated_at")
    }
}
