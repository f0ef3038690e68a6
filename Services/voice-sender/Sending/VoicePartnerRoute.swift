import Foundation
import MessageStore
import VoicePartnerAPI

/// Where a campaign goes: the account's Voice Partner key and default sender, opened from its sealed
/// credential. Nil when the account has none (its campaign fails `credentials_missing`).
struct VoicePartnerRoute: Sendable {
    let credentials: VoicePartnerCredentials

    /// The rate-limit bucket of this key for `kind`: named after a digest of the key, never the key.
    func rateLimitKey(_ kind: VoiceContent.Kind) -> String {
        "voicepartner:\(kind.rawValue):\(VoicePartnerRoute.digest(credentials.apiKey))"
    }

    static func open(
        accountID: UUID, from store: ChannelCredentialStore
    ) async throws(MessageStoreError) -> VoicePartnerRoute? {
        let credential: ChannelCredential
        do {
            credential = try await store.open(
                accountID: accountID, channel: .voice, provider: VoicePartnerCredentials.provider)
        } catch .credentialNotFound {
            return nil
        }
        return VoicePartnerCredentials.decode(credential.secret).map(VoicePartnerRoute.init)
    }

    /// FNV-1a of the key in hex: enough to tell buckets apart, nothing to recover the key from in a short hash.
    private static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
