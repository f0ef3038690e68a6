import Domain
import Foundation
import MessageStore
import Postgres
import Testing

/// Replies into conversations: each inbound message once, matched to the conversation with its sender on its
/// channel; an opt-out keyword blocks the number and stops what was still unsent to it; the inbound rows are
/// an event outbox.
@Suite("Inbound messages and conversations", .timeLimit(.minutes(1)))
struct InboundStoreTests {
    private static let contact = "+33612345678"

    private static func inbound(
        _ store: StoreDatabase.Fixture, id: String, body: String = "Oui, toujours dispo", from: String = contact,
        channel: Channel = .sms, provider: String = "twilio", media: InboundMedia? = nil, at: Date = Date()
    ) throws -> NewInboundMessage {
        NewInboundMessage(
            accountID: store.accountID, channel: channel, provider: provider, providerMessageID: id,
            sender: try PhoneNumber(from), body: body, media: media, receivedAt: at)
    }

    @Test("a message delivered twice is one row and counts once as unread; its conversation gathers the rest")
    func duplicatesAreRecordedOnce() async throws {
        try await StoreDatabase.withFixture { store in
            let inbound = InboundStore(pool: store.pool)
            let conversations = ConversationStore(pool: store.pool)
            let first = try Self.inbound(store, id: "SM1")
            guard case .recorded(let stored, let optOut) = try await inbound.record(first) else {
                Issue.record("the first delivery was not recorded")
                return
            }
            #expect(optOut == nil && !stored.optOut && stored.body == first.body && stored.sender == Self.contact)
            #expect(try await inbound.record(first) == .duplicate)
            let media = InboundMedia(type: "image", mime: "image/jpeg", url: "https://api.twilio.com/m/ME1")
            guard
                case .recorded(let second, _) = try await inbound.record(
                    try Self.inbound(store, id: "SM2", body: "", media: media, at: Date().addingTimeInterval(1)))
            else {
                Issue.record("the second message was not recorded")
                return
            }
            #expect(second.conversationID == stored.conversationID && second.media == media)
            // Another channel, another number: other conversations.
            _ = try await inbound.record(try Self.inbound(store, id: "wamid.1", channel: .whatsapp, provider: "cloud"))
            _ = try await inbound.record(try Self.inbound(store, id: "SM3", from: "+33698765432"))

            #expect(try await store.count("select count(*)::int8 as n from inbound_messages") == 4)
            let all = try await conversations.list(accountID: store.accountID, filter: .init(), limit: 10)
            #expect(all.count == 3)
            let sms = try #require(all.first { $0.id == stored.conversationID })
            #expect(sms.unreadCount == 2 && sms.channel == .sms && sms.contactPhone == Self.contact)
            let byContact = try await conversations.list(
                accountID: store.accountID, filter: .init(channel: .sms, contactPhone: Self.contact), limit: 10)
            #expect(byContact.map(\.id) == [sms.id])

            // Outbound messages to the number on that channel are interleaved with the replies.
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 5)
            let sent = try await store.messages.accept(store.sms()).message
            let history = try await conversations.history(of: sms)
            #expect(history.count == 3)
            #expect(history.contains(.outbound(sent)))
            #expect(history.map(\.at) == history.map(\.at).sorted())

            #expect(try await conversations.markRead(accountID: store.accountID, id: sms.id))
            let unread = try await conversations.list(
                accountID: store.accountID, filter: .init(unreadOnly: true), limit: 10)
            #expect(unread.count == 2 && !unread.contains { $0.id == sms.id })
            // Not another account's.
            #expect(try await conversations.find(accountID: UUID(), id: sms.id) == nil)
            #expect(try await !conversations.markRead(accountID: UUID(), id: sms.id))
        }
    }

    @Test("pages follow activity, newest first, and never repeat or skip a conversation")
    func pagesFollowActivity() async throws {
        try await StoreDatabase.withFixture { store in
            let inbound = InboundStore(pool: store.pool)
            let conversations = ConversationStore(pool: store.pool)
            let start = Date()
            for index in 0..<7 {
                _ = try await inbound.record(
                    try Self.inbound(
                        store, id: "SM\(index)", from: "+3361234560\(index)",
                        at: start.addingTimeInterval(Double(index))))
            }
            var seen: [String] = []
            var filter = ConversationFilter()
            while true {
                let page = try await conversations.list(accountID: store.accountID, filter: filter, limit: 3)
                seen += page.map(\.contactPhone)
                guard page.count == 3, let last = page.last else { break }
                filter.after = ConversationCursor(after: last)
            }
            #expect(seen == (0..<7).reversed().map { "+3361234560\($0)" })
        }
    }

    @Test("an opt-out blocks the number and fails its unsent messages with holds released; a sent one stays")
    func optOutStopsEverythingUnsent() async throws {
        try await StoreDatabase.withFixture { store in
            try await store.credits.grant(accountID: store.accountID, channel: .sms, amount: 10)
            let pending = try await store.messages.accept(store.sms(segments: 2)).message
            let queued = try await store.messages.accept(store.sms()).message
            try await store.messages.markQueued(id: queued.id)
            let sent = try await store.messages.accept(store.sms()).message
            try await store.messages.markSent(id: sent.id, provider: "twilio", providerMessageID: "SMout")

            let inbound = InboundStore(pool: store.pool)
            guard
                case .recorded(let stored, let optOut) = try await inbound.record(
                    try Self.inbound(store, id: "SMstop", body: " Stop SMS "))
            else {
                Issue.record("the opt-out was not recorded")
                return
            }
            #expect(stored.optOut)
            let outcome = try #require(optOut)
            #expect(outcome.newlyBlocked && Set(outcome.failed.map(\.id)) == [pending.id, queued.id])
            for message in outcome.failed {
                #expect(message.status == .failed && message.providerErrorCode == "recipient_blocked")
            }
            #expect(try await store.messages.load(id: sent.id)?.status == .sent)
            let blocked = try #require(
                try await BlockedContactStore(pool: store.pool).find(accountID: store.accountID, phone: Self.contact))
            #expect(blocked.reason == "opt_out")
            let balance = try await store.credits.balance(accountID: store.accountID, channel: .sms)
            #expect(balance.held == 0 && balance.committed == 1 && balance.available == 9)
            // New sends to the number are refused at accept.
            await #expect(throws: MessageStoreError.self) { try await store.messages.accept(store.sms()) }
            // A second STOP changes nothing more.
            guard
                case .recorded(_, let again) = try await inbound.record(
                    try Self.inbound(store, id: "SMstop2", body: "ARRÊT"))
            else {
                Issue.record("the second opt-out was not recorded")
                return
            }
            #expect(again == OptOutOutcome(newlyBlocked: false, failed: []))
        }
    }

    @Test("the relay publishes only events not marked published, once each")
    func inboundEventOutbox() async throws {
        try await StoreDatabase.withFixture { store in
            let inbound = InboundStore(pool: store.pool)
            var ids: [UUID] = []
            for index in 0..<3 {
                if case .recorded(let stored, _) = try await inbound.record(try Self.inbound(store, id: "SM\(index)")) {
                    ids.append(stored.id)
                }
            }
            try #require(ids.count == 3)
            try await inbound.markPublished([ids[0]])
            var published: [UUID] = []
            let count = try await inbound.relayUnpublished(limit: 10, minimumAge: .zero) { published += $0.map(\.id) }
            #expect(count == 2 && Set(published) == Set(ids[1...]))
            #expect(try await inbound.relayUnpublished(limit: 10, minimumAge: .zero) { _ in } == 0)
            // A failed publish marks nothing: the row is offered again.
            _ = try await inbound.record(try Self.inbound(store, id: "SM3"))
            await #expect(throws: MessageStoreError.self) {
                _ = try await inbound.relayUnpublished(limit: 10, minimumAge: .zero) { _ in throw CancellationError() }
            }
            #expect(try await inbound.relayUnpublished(limit: 10, minimumAge: .zero) { _ in } == 1)
            // Rows younger than the minimum age are left to the consumer's own publish.
            _ = try await inbound.record(try Self.inbound(store, id: "SM4"))
            #expect(try await inbound.relayUnpublished(limit: 10, minimumAge: .seconds(60)) { _ in } == 0)
        }
    }
}
