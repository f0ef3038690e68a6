import Foundation
import OutboundHTTP
import TestSupport

/// The voice side of the system: a `voice-sender` process beside the gateway, and the voice routes as a
/// customer (and Voice Partner, for its callbacks) calls them.
extension SMSSystem {
    static let voicePartnerKey = "e2e-voicepartner-key"

    /// Starts a `voice-sender` sending to Voice Partner at `voicePartnerURL` (`…/v1`), once it is up.
    func startVoiceSender(voicePartnerURL: String, overrides: [String: String] = [:]) async throws -> ServiceProcess {
        audit.secret(Self.voicePartnerKey, kind: "the Voice Partner key")
        return try await startWorker(
            "voice-sender",
            settings: [
                "AP_VOICEPARTNER_BASE_URL": voicePartnerURL, "AP_PROVIDER_TIMEOUT_SECONDS": "2",
                "AP_VOICE_QUIET_SECONDS": "1.5",
            ], overrides: overrides)
    }

    /// Grants `credits` voice credits to `account` and stores the Voice Partner key and sender through the API.
    func enableVoice(_ account: Account, credits: Int) async throws {
        let granted = try await call(
            .post, "/api/admin/accounts/\(account.id)/credits", bearer: Self.adminSecret,
            json: ["channel": "voice", "amount": credits])
        guard granted.status == 200 else { throw Failure("voice credits: \(granted.status)") }
        let stored = try await call(
            .put, "/api/channels/voice/credentials/voicepartner", bearer: account.key,
            json: ["apiKey": Self.voicePartnerKey, "sender": "06 11 22 33 44"])
        guard stored.status == 204 else { throw Failure("voice credentials: \(stored.status)") }
    }

    /// `POST /api/phone/ringless-voice` dropping `tokenAudio`.
    func dropVoicemail(_ account: Account, to recipient: String, tokenAudio: String) async throws -> Reply {
        try await call(
            .post, "/api/phone/ringless-voice", bearer: account.key,
            json: ["recipient": recipient, "audio": ["tokenAudio": tokenAudio]])
    }

    /// Plays Voice Partner's drop callback: a GET on the campaign's `notifyUrl` (its public host replaced by the
    /// gateway's address) with the aggregate.
    func reportDrops(notifyURL: String, campaignID: String, delivered: Int, total: Int) async throws -> Reply {
        guard notifyURL.hasPrefix(Self.publicURL) else { throw Failure("notifyUrl is not under the public URL") }
        let path = String(notifyURL.dropFirst(Self.publicURL.count))
        return try await call(
            .get, path + "&campaign_id=\(campaignID)&delivered_quantity=\(delivered)&total_quantity=\(total)")
    }

    /// The number of this system's messages per status (read in Postgres).
    func messageStatusCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        try await Self.administer { connection in
            for row in try await connection.query(
                "select status, count(*)::int as n from \(schema).messages group by status")
            {
                counts[try row.decode(String.self, "status")] = try row.decode(Int.self, "n")
            }
        }
        return counts
    }

    /// `GET /api/credits`, the voice row.
    func voiceCredits(_ account: Account) async throws -> [String: Any] {
        let rows = try await call(.get, "/api/credits", bearer: account.key).jsonArray
        return rows.first { $0["channel"] as? String == "voice" } ?? [:]
    }
}
