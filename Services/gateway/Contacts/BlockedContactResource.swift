import Foundation
import MessageStore

/// One entry of the do-not-contact list: `{"phone":"+33612345678","reason":"opt_out","createdAt":"…"}`.
package struct BlockedContactResource: Codable, Sendable {
    package var phone: String
    package var reason: String
    /// ISO 8601, UTC.
    package var createdAt: String

    init(_ contact: BlockedContact) {
        phone = contact.phone
        reason = contact.reason
        createdAt = contact.createdAt.formatted(.iso8601)
    }
}

/// A page of the list: `items` in number order, `next` the `after` value of the following page (absent on the
/// last), `total` the account's whole count.
package struct BlockedContactPage: Codable, Sendable {
    package var items: [BlockedContactResource]
    package var next: String?
    package var total: Int
}

/// What a CSV import did: `received` numbers read, `added` new to the list, `alreadyBlocked` the rest.
package struct BlockedContactImportResult: Codable, Sendable {
    package var received: Int
    package var added: Int
    package var alreadyBlocked: Int
}
