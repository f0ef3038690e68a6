import Domain
import Foundation
import HuntStore
import Postgres

/// How a hunt's message goes out on a channel, when the account can use it: the SMS provider (the account's,
/// SMSMobileAPI first as the gateway chooses, else the sandbox where allowed), Voice Partner (stored
/// credentials), a connected WhatsApp session. `room` is what the sender's daily cap leaves today
/// (``OutreachLimits``; nil: no cap); `used` what it has sent or been given today.
struct ChannelRoute: Sendable, Hashable {
    var provider: String
    var sessionID: UUID?
    var room: Int?
    var used = 0

    var isFull: Bool { room.map { $0 <= 0 } ?? false }

    mutating func use() {
        room = room.map { $0 - 1 }
        used += 1
    }
}

/// The senders a channel has today: one for SMS and voice, every connected session for WhatsApp. Each message
/// takes the sender with the most room, then the least used, so a day's contacts spread over the account's
/// numbers and a full number hands over to one with room before the hunt falls to its next channel.
struct ChannelSenders: Sendable, Hashable {
    private(set) var routes: [ChannelRoute]

    init(_ routes: [ChannelRoute]) { self.routes = routes }

    /// The sender the next message takes; nil when every one is full.
    var next: ChannelRoute? { nextIndex.map { routes[$0] } }

    mutating func useNext() {
        if let index = nextIndex { routes[index].use() }
    }

    private var nextIndex: Int? {
        routes.indices.filter { !routes[$0].isFull }.min { left, right in
            let (a, b) = (routes[left], routes[right])
            if (a.room ?? .max) != (b.room ?? .max) { return (a.room ?? .max) > (b.room ?? .max) }
            return a.used < b.used
        }
    }
}

struct ChannelRoutes: Sendable {
    let pool: PostgresPool
    let smsSandbox: Bool

    /// The ready channels among `channels`, each with the room its sender has left since `since` (the start of
    /// the hunt's local day).
    func ready(accountID: UUID, channels: [Channel], limits: OutreachLimits, since: Date) async throws
        -> [Channel: ChannelSenders]
    {
        var routes: [Channel: ChannelSenders] = [:]
        let credentials = Set(
            try await pool.query(
                "select channel || ':' || provider from channel_credentials where account_id = $1", [accountID]
            ).map { try $0.decode(String.self, at: 0) })
        let counts = OutreachCounts(pool: pool)
        func room(_ channel: Channel, _ provider: String, cap: Int?) async throws -> Int? {
            guard let cap else { return nil }
            let used = try await counts.messages(
                accountID: accountID, channel: channel, provider: provider, since: since)
            return max(0, cap - used)
        }
        for channel in channels {
            switch channel {
            case .sms:
                let provider =
                    ["smsmobileapi", "twilio"].first { credentials.contains("sms:\($0)") }
                    ?? (smsSandbox ? "sandbox" : nil)
                if let provider {
                    routes[.sms] = ChannelSenders([
                        ChannelRoute(provider: provider, room: try await room(.sms, provider, cap: limits.smsPerSender))
                    ])
                }
            case .voice:
                if credentials.contains("voice:voicepartner") {
                    routes[.voice] = ChannelSenders([
                        ChannelRoute(
                            provider: "voicepartner",
                            room: try await room(.voice, "voicepartner", cap: limits.voicePerSender))
                    ])
                }
            case .whatsapp:
                let sessions = try await whatsapp(accountID: accountID, limits: limits, since: since)
                if !sessions.isEmpty { routes[.whatsapp] = ChannelSenders(sessions) }
            }
        }
        return routes
    }

    /// The connected sessions, each with its room under its cap (ramp-up by its age: day 0 is the local day it
    /// was created) and what it sent today.
    private func whatsapp(accountID: UUID, limits: OutreachLimits, since: Date) async throws -> [ChannelRoute] {
        let rows = try await pool.query(
            """
            select s.id, s.engine, greatest(0, ceil(extract(epoch from ($2::timestamptz - s.created_at)) / 86400))::int as age,
                (select count(*) from messages m where m.session_id = s.id and m.created_at >= $2)::int as today
            from wa_sessions s
            where s.account_id = $1 and s.status = 'connected'
            order by s.created_at, s.id
            """,
            [accountID, since])
        return try rows.map { row in
            let today = try row.decode(Int.self, "today")
            let cap = limits.whatsappCap(ageInDays: try row.decode(Int.self, "age"))
            return ChannelRoute(
                provider: try row.decode(String.self, "engine"), sessionID: try row.decode(UUID.self, "id"),
                room: cap.map { max(0, $0 - today) }, used: today)
        }
    }
}
