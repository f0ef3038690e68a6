import Domain
import Foundation
import Postgres

/// How a hunt's message goes out on a channel, when the account can use it: the SMS provider (the account's,
/// SMSMobileAPI first as the gateway chooses, else the sandbox where allowed), Voice Partner (stored
/// credentials), a connected WhatsApp session (the one with the fewest messages today).
struct ChannelRoute: Sendable, Hashable {
    var provider: String
    var sessionID: UUID?
}

struct ChannelRoutes: Sendable {
    let pool: PostgresPool
    let smsSandbox: Bool

    /// The ready channels among `channels`.
    func ready(accountID: UUID, channels: [Channel]) async throws -> [Channel: ChannelRoute] {
        var routes: [Channel: ChannelRoute] = [:]
        let credentials = Set(
            try await pool.query(
                "select channel || ':' || provider from channel_credentials where account_id = $1", [accountID]
            ).map { try $0.decode(String.self, at: 0) })
        for channel in channels {
            switch channel {
            case .sms:
                if let provider = ["smsmobileapi", "twilio"].first(where: { credentials.contains("sms:\($0)") }) {
                    routes[.sms] = ChannelRoute(provider: provider)
                } else if smsSandbox {
                    routes[.sms] = ChannelRoute(provider: "sandbox")
                }
            case .voice:
                if credentials.contains("voice:voicepartner") {
                    routes[.voice] = ChannelRoute(provider: "voicepartner")
                }
            case .whatsapp:
                let sessions = try await pool.query(
                    """
                    select s.id, s.engine from wa_sessions s
                    where s.account_id = $1 and s.status = 'connected'
                    order by (select count(*) from messages m
                        where m.session_id = s.id and m.created_at >= now() - interval '1 day'), s.created_at
                    limit 1
                    """,
                    [accountID])
                if let row = sessions.first {
                    routes[.whatsapp] = ChannelRoute(
                        provider: try row.decode(String.self, "engine"), sessionID: try row.decode(UUID.self, "id"))
                }
            }
        }
        return routes
    }
}
