import Cryptography
import Foundation

/// Seals a WhatsApp session's auth state (AES-256-GCM, bound to the session id so that a sealed box cannot
/// be moved to another session's row): the gateway seals the credentials a Cloud API session starts with,
/// workers seal what engines hand back on every change, and any worker can open it to resume the session.
package struct SessionAuthSeal: Sendable {
    let keyring: SealingKeyring

    package init(keyring: SealingKeyring) {
        self.keyring = keyring
    }

    package func seal(_ authState: [UInt8], sessionID: UUID) throws -> String {
        try keyring.seal(authState, associatedData: Self.binding(sessionID)).text
    }

    package func open(_ sealed: String, sessionID: UUID) throws -> [UInt8] {
        try keyring.open(try SealedBox(text: sealed), associatedData: Self.binding(sessionID))
    }

    private static func binding(_ id: UUID) -> [UInt8] { Array("wa_sessions:\(id.uuidString.lowercased())".utf8) }
}
