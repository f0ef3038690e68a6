import Cryptography
import Domain
import Foundation
import MessageStore
import Testing

@Suite("Channel credentials", .timeLimit(.minutes(1)))
struct ChannelCredentialStoreTests {
    static func keyring(id: String) throws -> SealingKeyring {
        try SealingKeyring(current: id, keys: [SealingKey(id: id, bytes: SecureRandom.bytes(count: 32))])
    }

    @Test("credentials are sealed at rest and open back; a replaced value wins")
    func sealedAtRest() async throws {
        try await StoreDatabase.withFixture { store in
            let keyring = try Self.keyring(id: "k1")
            let credentials = ChannelCredentialStore(pool: store.pool, keyring: keyring)
            let secret = #"{"accountSid":"AC123","authToken":"super-secret-token-42"}"#
            try await credentials.save(
                accountID: store.accountID, channel: .sms, provider: "twilio", secret: Array(secret.utf8))

            let row = try #require(
                try await store.pool.query("select sealed_secret, key_id from channel_credentials").first)
            let stored = try row.decode(String.self, "sealed_secret")
            #expect(!stored.contains("super-secret-token-42"))
            #expect(!stored.contains("AC123"))
            #expect(stored.hasPrefix("v1.k1."))
            #expect(try row.decode(String.self, "key_id") == "k1")

            let opened = try await credentials.open(accountID: store.accountID, channel: .sms, provider: "twilio")
            #expect(opened.secretText == secret)
            #expect(opened.keyID == "k1")
            #expect(!opened.description.contains("super-secret"))

            try await credentials.save(
                accountID: store.accountID, channel: .sms, provider: "twilio", secret: Array("v2".utf8))
            #expect(
                try await credentials.open(accountID: store.accountID, channel: .sms, provider: "twilio")
                    .secretText == "v2")
            #expect(try await store.count("select count(*) from channel_credentials") == 1)
        }
    }

    @Test("a value opens only with its key and on its own row")
    func boundToKeyAndRow() async throws {
        try await StoreDatabase.withFixture { store in
            let credentials = ChannelCredentialStore(pool: store.pool, keyring: try Self.keyring(id: "k1"))
            try await credentials.save(
                accountID: store.accountID, channel: .sms, provider: "twilio", secret: Array("secret".utf8))
            await #expect {
                _ = try await credentials.open(accountID: store.accountID, channel: .whatsapp, provider: "twilio")
            } throws: { error in
                guard case .credentialNotFound(.whatsapp, "twilio")? = error as? MessageStoreError else { return false }
                return true
            }

            let otherKey = ChannelCredentialStore(pool: store.pool, keyring: try Self.keyring(id: "k2"))
            await #expect {
                _ = try await otherKey.open(accountID: store.accountID, channel: .sms, provider: "twilio")
            } throws: { error in
                guard case .sealing(.unknownKeyID("k1"))? = error as? MessageStoreError else { return false }
                return true
            }

            // The sealed value copied to another provider's row does not open there.
            try await store.pool.execute(
                """
                insert into channel_credentials (account_id, channel, provider, sealed_secret, key_id)
                select account_id, channel, 'copied', sealed_secret, key_id from channel_credentials
                """)
            await #expect {
                _ = try await credentials.open(accountID: store.accountID, channel: .sms, provider: "copied")
            } throws: { error in
                guard case .sealing(.authenticationFailed)? = error as? MessageStoreError else { return false }
                return true
            }
        }
    }
}
