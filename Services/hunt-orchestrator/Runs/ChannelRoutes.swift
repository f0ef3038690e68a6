import Domain
import Foundation
import HuntStore
import Postgres

/// How a hunt's message goes out on a channel, when the account can use it: the SMS provider (the account's,
/// SMSMobileAPI first as the gateway chooses, else the sandbox where allowed), Voice Partner (stored
/// credentials), a connected WhatsApp session (the one with the most room left today). `room` is what the
/// sender's daily cap leaves today (``OutreachLimits``); nil: no cap.
struct ChannelRoute: Sendable, Hashable {
    var provider: String
    var sessionID: UUID?
    var room: Int?

    var isFull: Bool { room.map { $0 <= 0 } ?? false }

    mutating func use() { room = room.map { $0 - 1 } }
}

struct ChannelRoutes: Sendable {
    let pool: PostgresPool
    let smsSandbox: Bool

    /// The ready channels among `channels`, each with the room its sender has left since `since` (the start of
    /// the hunt's local day).
    func ready(accountID: UUID, channels: [Channel], limits: OutreachLimits, since: Date) async throws
        -> [Channel: ChannelRoute]
    {
        var routes: [Channel: ChannelRoute] = [:]
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
                    routes[.sms] = ChannelRoute(
                        provider: provider, room: try await room(.sms, provider, cap: limits.smsPerSender))
                }
            case .voice:
                if credentials.contains("voice:voicepartner") {
                    routes[.voice] = ChannelRoute(
                        provider: "voicepartner",
                        room: try await room(.voice, "voicepartner", cap: limits.voicePerSender))
                }
            case .whatsapp:
                routes[.whatsapp] = try await whatsapp(accountID: accountID, limits: limits, since: since)
            }
        }
        return routes
    }

    /// The connected session with the most room under its cap (ramp-up by its age: day 0 is the local day it was
    /// created), fewest sent today first when none is capped.
    private func whatsapp(accountID: UUID, limits: OutreachLimits, since: Date) async throws -> ChannelRoute? {
        let rows = try await pool.query(
            """
            select s.id, s.engine, greatest(0, ceil(extract(epoch from ($2::timestamptz - s.created_at)) / 86400))::int as age,
                (select count(*) from messages m where m.session_id = s.id and m.created_at >= $2)::int as today
            from wa_sessions s
            where s.account_id = $1 and s.status = 'connected'
            order by today, s.created_at
            """,
            [accountID, since])
        var best: ChannelRoute?
        for row in rows {
            let today = try row.decode(Int.self, "today")
            let cap = limits.whatsappCap(ageInDays: try row.decode(Int.self, "age"))
            let route = ChannelRoute(
                provider: try row.decode(String.self, "engine"), sessionID: try row.decode(UUID.self, "id"),
                room: cap.map { max(0, $0 - today) })
            guard let current = best else {
                best = route
                continue
            }
            if (route.room ?? .max) > (current.room ?? .max) { best = route }
        }
        return best
    }
}
