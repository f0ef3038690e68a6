import Foundation

/// A number on an account's do-not-contact list.
package struct BlockedContact: Sendable, Equatable {
    /// E.164.
    package var phone: String
    /// Why it is there: `manual` (the API), `import` (a CSV import), `opt_out` (the contact asked), or the
    /// caller's own word.
    package var reason: String
    package var createdAt: Date

    package init(phone: String, reason: String, createdAt: Date) {
        self.phone = phone
        self.reason = reason
        self.createdAt = createdAt
    }
}
