import Foundation

/// What ``APIKeyRepository/authenticate(_:)`` found for a presented key.
enum APIKeyCheck: Sendable, Hashable {
    /// A live key of this account.
    case valid(accountID: UUID)
    /// A key that existed but was revoked.
    case revoked
    /// No such key.
    case unknown
}
