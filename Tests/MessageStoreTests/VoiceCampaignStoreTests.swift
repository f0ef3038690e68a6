import Domain
import Foundation
import MessageStore
import Testing

/// Voice campaigns in Postgres: drops of one account, audio and sender gather in one open campaign of at most
/// 500 numbers, a number at most once per campaign, the lease closes the campaign, and the outcome settles
/// every member at once.
@Suite("voice campaigns", .timeLimit(.minutes(2)))
struct VoiceCampaignStoreTests {
    private func drop(
        _ store: StoreDatabase.Fixture, _ number: Int, audio: String = "tok-a", sender: String? = nil
    ) throws -> NewMessage {
        NewMessage(
            accountID: store.accountID, channel: .voice, provider: "voicepartner",
            recipient: try PhoneNumber("+3361\(String(format: "%07d", number))"), body: audio, segments: 1,
            voice: VoiceContent.drop(tokenAudio: audio, sender: sender).json)
    }

    private func campaignID(_ join: VoiceJoin) -> UUID? {
        switch join {
        case .joined(let id), .alreadyJoined(let id): id
        default: nil
        }
    }

    @Test("501 drops of one key make a full campaign of 500 and an open one; other keys and calls apart")
    func gatheringByKey() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .voice, amount: 1_000)
            let campaigns = VoiceCampaignStore(pool: store.pool)
            var joined: [UUID] = []
            try await withThrowingTaskGroup(of: UUID?.self) { group in
                for number in 0..<501 {
                    let id = try await store.messages.accept(try drop(store, number)).message.id
                    group.addTask { self.campaignID(try await campaigns.join(messageID: id)) }
                }
                for try await id in group { if let id { joined.append(id) } }
            }
            let sizes = Dictionary(grouping: joined, by: { $0 }).mapValues(\.count).values.sorted()
            #expect(sizes == [1, 500])
            let full = try #require(joined.first { id in joined.filter { $0 == id }.count == 500 })
            #expect(try await campaigns.find(id: full)?.status == .full)

            let other = try await store.messages.accept(try drop(store, 0, audio: "tok-b")).message.id
            let call = try await store.messages.accept(
                NewMessage(
                    accountID: store.accountID, channel: .voice, provider: "voicepartner",
                    recipient: try PhoneNumber("+33612345678"), body: "Bonjour", segments: 1,
                    voice: VoiceContent.tts(text: "Bonjour", lang: "fr", speechRate: nil).json)
            ).message.id
            let otherCampaign = try #require(campaignID(try await campaigns.join(messageID: other)))
            let callCampaign = try #require(campaignID(try await campaigns.join(messageID: call)))
            #expect(!joined.contains(otherCampaign) && !joined.contains(callCampaign))
            #expect(try await campaigns.find(id: callCampaign)?.status == .full)
            // A redelivered job changes nothing.
            #expect(try await campaigns.join(messageID: other) == .alreadyJoined(campaignID: otherCampaign))
        }
    }

    @Test("a number already in the open campaign waits; a leased campaign takes no member; sent settles all")
    func leaseAndOutcome() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .voice, amount: 10)
            let campaigns = VoiceCampaignStore(pool: store.pool)
            let first = try await store.messages.accept(try drop(store, 1)).message.id
            let second = try await store.messages.accept(try drop(store, 2)).message.id
            let again = try await store.messages.accept(try drop(store, 1)).message.id
            let campaign = try #require(campaignID(try await campaigns.join(messageID: first)))
            #expect(try await campaigns.join(messageID: second) == .joined(campaignID: campaign))
            #expect(try await campaigns.join(messageID: again) == .numberAlreadyInCampaign)

            #expect(
                try await campaigns.acquireSendLease(id: campaign, owner: "a", duration: .seconds(30))
                    == .acquired(previousAttemptAt: nil))
            guard
                case .heldElsewhere = try await campaigns.acquireSendLease(
                    id: campaign, owner: "b", duration: .seconds(30))
            else {
                Issue.record("a second lease was granted")
                return
            }
            // The campaign is closed: the waiting drop opens the next one.
            let next = try #require(campaignID(try await campaigns.join(messageID: again)))
            #expect(next != campaign)
            #expect(
                try await campaigns.members(of: campaign).map(\.messageID).sorted { $0.uuidString < $1.uuidString }
                    == [first, second].sorted { $0.uuidString < $1.uuidString })

            let sent = try await campaigns.recordSent(id: campaign, providerCampaignID: "C1")
            #expect(Set(sent.map(\.id)) == [first, second] && sent.allSatisfy { $0.status == .sent })
            #expect(try await store.messages.load(id: first)?.providerMessageID == "C1:+33610000001")
            #expect(try await campaigns.recordSent(id: campaign, providerCampaignID: "C1").isEmpty)
            let balance = try await store.credits.balance(accountID: store.accountID, channel: .voice)
            #expect(balance.committed == 2 && balance.held == 1)

            let report = try await campaigns.recordDropReport(
                id: campaign, providerCampaignID: "C1", delivered: 2, total: 2)
            #expect(report?.delivered.count == 2 && report?.campaign.deliveredQuantity == 2)
            let failed = try await campaigns.recordFailure(id: next, code: "voicepartner_11", explanation: "credit")
            #expect(failed.map(\.id) == [again] && failed.first?.providerErrorCode == "voicepartner_11")
            let after = try await store.credits.balance(accountID: store.accountID, channel: .voice)
            #expect(after.committed == 2 && after.held == 0 && after.available == 8)
        }
    }

    @Test("a member whose number is blocked after it joined fails when the campaign is leased, not sent")
    func blockedAfterJoining() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .voice, amount: 5)
            let campaigns = VoiceCampaignStore(pool: store.pool)
            let kept = try await store.messages.accept(try drop(store, 1)).message.id
            let blocked = try await store.messages.accept(try drop(store, 2)).message.id
            let campaign = try #require(campaignID(try await campaigns.join(messageID: kept)))
            _ = try await campaigns.join(messageID: blocked)
            // Leased and given back without sending: the members are unsent again.
            _ = try await campaigns.acquireSendLease(id: campaign, owner: "a", duration: .seconds(30))
            try await campaigns.releaseSendLease(id: campaign, owner: "a", providerMayHaveIt: false, retryAfter: .zero)
            _ = try await BlockedContactStore(pool: store.pool).block(
                accountID: store.accountID, entries: [(phone: "+33610000002", reason: "opt-out")])
            #expect(
                try await campaigns.acquireSendLease(id: campaign, owner: "b", duration: .seconds(30))
                    == .acquired(previousAttemptAt: nil))
            #expect(try await campaigns.members(of: campaign).map(\.messageID) == [kept])
            let failed = try #require(try await store.messages.load(id: blocked))
            #expect(failed.status == .failed && failed.providerErrorCode == "recipient_blocked")
            let balance = try await store.credits.balance(accountID: store.accountID, channel: .voice)
            #expect(balance.held == 1 && balance.available == 4)
        }
    }
}
